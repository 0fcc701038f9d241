// The funder report's page: ask how far the build got every two seconds and show it in place;
// when it is ready, show the download link. Without this script the page reloads itself
// (a <noscript> refresh) and shows the same.
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const interpolate = window.interpolate || function (text) { return text; };
  const box = document.getElementById("funder-report");
  if (!box || !box.dataset.url) return;
  const status = document.getElementById("report-status");
  const bar = document.getElementById("report-progress");
  const reload = document.getElementById("report-reload");
  const ready = document.getElementById("report-ready");
  const EVERY = 2000;

  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (data.status === "ready") {
        status.textContent = gettext("The funder report is ready.");
        bar.value = 100;
        bar.hidden = true;
        reload.hidden = true;
        document.getElementById("report-ready-link").href = data.download;
        ready.hidden = false;
        return;
      }
      if (data.status !== "building") {
        status.textContent = gettext("The build failed. Reload the page to try again.");
        return;
      }
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
      const text = interpolate(gettext("Being built: %s done."), [data.progress + "%"]);
      status.textContent = data.step ? text + " " + data.step : text;
    } catch (error) {
      status.textContent = gettext("Not updated: check the connection.");
    }
    window.setTimeout(poll, EVERY);
  }
  window.setTimeout(poll, EVERY);
})();
