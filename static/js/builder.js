// The agenda builder's drag and drop: a progressive enhancement of the move form.
// Dropping a session block on a cell, or dragging its bottom edge, posts the same form the
// session's page has (room, day, start, end on the room's venue clocks), then reloads the page,
// which shows the new place, the message and any conflict. Without this script the forms work.
(function () {
  "use strict";
  var grid = document.querySelector(".builder-grid");
  if (!grid) return;
  var STEP = 15;
  var statusBox = document.getElementById("builder-status");
  var dragged = null;

  function minutesOf(time) {
    var parts = time.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function timeOf(minutes) {
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function cellAt(x, y) {
    var under = document.elementsFromPoint(x, y);
    for (var i = 0; i < under.length; i++) {
      if (under[i].classList && under[i].classList.contains("grid-cell")) return under[i];
    }
    return null;
  }

  function showError(text) {
    statusBox.textContent = text;
    statusBox.hidden = false;
  }

  function post(block, room, start, end) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    var data = new FormData();
    data.append("room", room);
    data.append("day", grid.dataset.day);
    data.append("start", start);
    data.append("end", end);
    if (minutesOf(end) <= minutesOf(start) || minutesOf(end) >= 24 * 60) {
      showError("A session must end after it starts, on the same day.");
      return;
    }
    fetch(block.dataset.moveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return null;
      }
      return response.json().then(function (body) {
        showError((body.errors || ["The move was refused."]).join(" "));
      });
    }).catch(function () {
      showError("The move could not be saved: check the connection and try again.");
    });
  }

  function clearTargets() {
    grid.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  }

  // Moving: HTML5 drag and drop of the whole block.
  grid.addEventListener("dragstart", function (event) {
    var block = event.target.closest && event.target.closest(".grid-session");
    if (!block) return;
    dragged = block;
    block.classList.add("dragging");
    document.body.classList.add("builder-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", block.dataset.session);
  });
  grid.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    document.body.classList.remove("builder-dragging");
    clearTargets();
    dragged = null;
  });
  grid.addEventListener("dragover", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var cell = cellAt(event.clientX, event.clientY);
    clearTargets();
    if (cell) cell.classList.add("drop-target");
  });
  grid.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var cell = cellAt(event.clientX, event.clientY);
    var block = dragged;
    clearTargets();
    if (!cell) return;
    var start = minutesOf(cell.dataset.time);
    post(block, cell.dataset.room, cell.dataset.time, timeOf(start + Number(block.dataset.minutes)));
  });

  // Resizing: pointer events on the bottom edge; the new end is the end of the cell under it.
  grid.addEventListener("pointerdown", function (event) {
    if (!event.target.classList.contains("resize-handle")) return;
    event.preventDefault();
    var block = event.target.closest(".grid-session");
    block.draggable = false;
    var end = block.dataset.end;
    function onMove(move) {
      var cell = cellAt(move.clientX, move.clientY);
      if (!cell || cell.dataset.room !== block.dataset.room) return;
      var minutes = minutesOf(cell.dataset.time) + STEP;
      if (minutes <= minutesOf(block.dataset.start)) return;
      end = timeOf(minutes);
      var row = block.style.gridRow.split("/")[0].trim();
      block.style.gridRow = row + " / " + (Number(cell.style.gridRow.split("/")[0]) + 1);
    }
    function onUp() {
      document.removeEventListener("pointermove", onMove);
      document.removeEventListener("pointerup", onUp);
      block.draggable = true;
      if (end !== block.dataset.end) post(block, block.dataset.room, block.dataset.start, end);
    }
    document.addEventListener("pointermove", onMove);
    document.addEventListener("pointerup", onUp);
  });
})();
