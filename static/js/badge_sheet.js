// The organizers' badge sheet page: while the sheet is being built, ask for its progress every
// two seconds and update the bar in place; show the download link when it is ready. Without
// this script the page reloads itself (a <noscript> refresh) and shows the same.
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const panel = document.getElementById("badge-sheet");
  if (!panel) return;
  const bar = document.getElementById("sheet-progress");
  const status = document.getElementById("sheet-status");
  const download = document.getElementById("sheet-download");
  const link = document.getElementById("sheet-link");
  const form = document.getElementById("sheet-form");
  const EVERY = 2000;

  function show(sheet) {
    if (!sheet || !bar) return;
    bar.value = sheet.percent;
    bar.textContent = sheet.percent + " %";
    if (status.textContent !== sheet.label) status.textContent = sheet.label;
    if (sheet.url) {
      link.href = sheet.url;
      download.hidden = false;
    }
    form.hidden = sheet.status === "building";
  }

  async function poll() {
    try {
      const response = await fetch(panel.dataset.url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      show(data.sheet);
      if (data.sheet && data.sheet.status === "building") window.setTimeout(poll, EVERY);
    } catch (error) {
      status.textContent = gettext("Not updated: check the connection.");
      window.setTimeout(poll, EVERY * 2);
    }
  }
  if (bar && form.hidden) window.setTimeout(poll, EVERY);
})();
