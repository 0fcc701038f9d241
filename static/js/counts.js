// The organizers' live counts: fetch the numbers every few seconds and update the table in
// place. Without this script the page shows the numbers as of loading it.
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const interpolate = window.interpolate || function (text) { return text; };
  const table = document.getElementById("live-counts");
  if (!table) return;
  const stamp = document.getElementById("counts-updated");
  const EVERY = 5000;

  async function refresh() {
    try {
      const response = await fetch(table.dataset.url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      for (const row of data.lists) {
        const line = table.querySelector(`tr[data-list="${row.list}"]`);
        if (!line) continue;
        for (const field of ["expected", "arrived", "inside", "no_shows"]) {
          const cell = line.querySelector(`[data-field="${field}"]`);
          if (cell.textContent !== String(row[field])) cell.textContent = String(row[field]);
        }
      }
      stamp.textContent = interpolate(gettext("Updated %s."), [new Date().toLocaleTimeString()]);
    } catch (error) {
      stamp.textContent = gettext("Not updated: check the connection.");
    }
    window.setTimeout(refresh, EVERY);
  }
  window.setTimeout(refresh, EVERY);
})();
