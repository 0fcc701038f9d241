// The agenda builder's drag and drop: a progressive enhancement of the move form.
// Pointer Events, so that a finger or a pen drags like a mouse: press a session block and move
// it onto other cells, or drag its bottom edge to change its end. A finger first rests on a block
// for HOLD ms (it fades), so that a quick swipe still scrolls the page. While it moves, the block snaps
// to the cells and asks the server (at most every PREVIEW_EVERY ms) which conflicts a drop there
// would cause: the block is marked and the conflicts are read out in a polite live region before
// the drop. The drop posts the same form the session's page has (room, day, start; an end for a
// resize) and reloads the page, which shows the new place, the message and any conflict.
// Escape cancels a drag. Without this script, or without a pointer, the forms do everything.
(function () {
  "use strict";
  // The JavaScript catalog (jsi18n) translates, when the page loads it.
  const gettext = window.gettext || function (text) { return text; };
  const MESSAGES = {
    moveRefused: gettext("The move was refused."),
    notSaved: gettext("The move could not be saved: check the connection and try again."),
    ifDropped: gettext("If dropped here:"),
    noConflict: gettext("If dropped here: no conflicts."),
  };

  const grid = document.querySelector(".builder-grid");
  if (!grid) return;
  const STEP = 15; // minutes per row, as sessions_app/builder_grid.py
  const THRESHOLD = 4; // pixels a press must move before it is a drag, not a click
  const PREVIEW_EVERY = 200;
  const HOLD = 300; // ms a finger rests on a block before it drags it
  const statusBox = document.getElementById("builder-status");
  const previewBox = document.getElementById("builder-preview");
  let drag = null;
  let previewTimer = null;
  let suppressClick = false;

  function minutesOf(time) {
    const parts = time.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function timeOf(minutes) {
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function nextDay(isoDate) {
    const day = new Date(isoDate + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }

  function cellAt(x, y) {
    const under = document.elementsFromPoint(x, y);
    for (let i = 0; i < under.length; i++) {
      if (under[i].classList && under[i].classList.contains("grid-cell")) return under[i];
    }
    return null;
  }

  function showError(text) {
    statusBox.textContent = text;
    statusBox.hidden = false;
  }

  function keyOf(place) {
    return new URLSearchParams(place).toString();
  }

  // --- where a drop would go ---------------------------------------------------------------
  function moveTo(x, y) {
    // The cell under the block's top edge, where the pointer holds the block.
    const cell = cellAt(x, y - drag.offsetY + 2);
    if (!cell) return;
    const row = Number(cell.style.gridRowStart);
    drag.block.style.gridColumn = cell.style.gridColumnStart;
    drag.block.style.gridRow = row + " / " + (row + drag.span);
    drag.block.style.setProperty("--lane", "0");
    drag.block.style.setProperty("--lanes", "1");
    grid.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    cell.classList.add("drop-target");
    // No end: the server keeps the session's length, also across a change of the clocks.
    propose({ room: cell.dataset.room, day: grid.dataset.day, start: cell.dataset.time });
  }

  function resizeTo(x, y) {
    const block = drag.block;
    const cell = cellAt(x, y);
    if (!cell || cell.dataset.room !== block.dataset.room) return;
    const row = Number(cell.style.gridRowStart);
    if (row < drag.firstRow) return;
    block.style.gridRow = drag.firstRow + " / " + (row + 1);
    const end = minutesOf(cell.dataset.time) + STEP;
    propose({
      room: block.dataset.room,
      day: block.dataset.startDay,
      start: block.dataset.start,
      end: timeOf(end % (24 * 60)),
      end_day: end >= 24 * 60 ? nextDay(grid.dataset.day) : grid.dataset.day,
    });
  }

  function propose(place) {
    if (drag.place && keyOf(drag.place) === keyOf(place)) return;
    drag.place = place;
    if (!previewTimer) previewTimer = window.setTimeout(preview, PREVIEW_EVERY);
  }

  // --- the conflicts a drop would cause: asked, never saved ------------------------------------
  function preview() {
    previewTimer = null;
    if (!drag || !drag.place) return;
    const current = drag;
    const key = keyOf(current.place);
    if (current.previews[key]) {
      showPreview(current, current.previews[key]);
      return;
    }
    fetch(current.block.dataset.previewUrl + "?" + key, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      current.previews[key] = result;
      if (drag !== current) return;
      if (keyOf(current.place) === key) showPreview(current, result);
      else if (!previewTimer) previewTimer = window.setTimeout(preview, PREVIEW_EVERY);
    }).catch(function () { /* only a preview: the drop still tells */ });
  }

  function showPreview(current, result) {
    const lines = result.ok
      ? result.body.conflicts.map(function (c) { return c.message; })
      : result.body.errors || [MESSAGES.moveRefused];
    current.block.classList.toggle("preview-conflict", lines.length > 0);
    current.block.classList.toggle("preview-clear", lines.length === 0);
    previewBox.classList.toggle("has-conflict", lines.length > 0);
    previewBox.replaceChildren();
    const heading = document.createElement("p");
    heading.textContent = lines.length ? MESSAGES.ifDropped : MESSAGES.noConflict;
    previewBox.append(heading);
    if (!lines.length) return;
    const list = document.createElement("ul");
    list.className = "conflicts";
    lines.forEach(function (line) {
      const item = document.createElement("li");
      item.className = "conflict";
      item.textContent = line;
      list.append(item);
    });
    previewBox.append(list);
  }

  // --- the drop ----------------------------------------------------------------------------------
  function post(block, place) {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    const data = new FormData();
    Object.keys(place).forEach(function (name) { data.append(name, place[name]); });
    return fetch(block.dataset.moveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return true;
      }
      return response.json().then(function (body) {
        showError((body.errors || [MESSAGES.moveRefused]).join(" "));
        return false;
      });
    }).catch(function () {
      showError(MESSAGES.notSaved);
      return false;
    });
  }

  function start() {
    drag.started = true;
    drag.block.setPointerCapture(drag.pointerId);
    drag.block.classList.add("dragging");
    document.body.classList.add("builder-dragging");
  }

  function restore(ended) {
    ended.block.setAttribute("style", ended.style);
    ended.block.classList.remove("preview-conflict", "preview-clear");
    previewBox.replaceChildren();
    previewBox.classList.remove("has-conflict");
  }

  function finish(drop) {
    const ended = drag;
    drag = null;
    window.clearTimeout(ended.hold);
    if (previewTimer) window.clearTimeout(previewTimer);
    previewTimer = null;
    ended.block.classList.remove("dragging");
    document.body.classList.remove("builder-dragging");
    grid.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    if (!ended.started) return; // a click or a tap: the block's link does its job
    suppressClick = true;
    window.setTimeout(function () { suppressClick = false; }, 300);
    if (!drop || !ended.place || keyOf(ended.place) === ended.unchanged) {
      restore(ended);
      return;
    }
    post(ended.block, ended.place).then(function (saved) { if (!saved) restore(ended); });
  }

  // --- pointer events ----------------------------------------------------------------------------
  // Links and their text would start the browser's own drag: this script drags instead.
  grid.addEventListener("dragstart", function (event) { event.preventDefault(); });

  grid.addEventListener("pointerdown", function (event) {
    const block = event.target.closest && event.target.closest(".grid-session");
    if (!block || drag || event.button !== 0) return;
    const resize = event.target.classList.contains("resize-handle");
    const rows = [Number(block.style.gridRowStart), Number(block.style.gridRowEnd)];
    drag = {
      mode: resize ? "resize" : "move",
      block: block,
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      offsetY: event.clientY - block.getBoundingClientRect().top,
      firstRow: rows[0],
      span: rows[1] - rows[0],
      style: block.getAttribute("style"),
      touch: event.pointerType === "touch",
      hold: null,
      started: false,
      place: null,
      previews: {},
      // What a drop on its own place would post: not a change.
      unchanged: resize
        ? null
        : keyOf({ room: block.dataset.room, day: grid.dataset.day, start: block.dataset.start }),
    };
    if (resize) {
      event.preventDefault();
      start();
    } else if (drag.touch) {
      drag.hold = window.setTimeout(function () { if (drag && !drag.started) start(); }, HOLD);
    }
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      const distance = Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y);
      if (distance < THRESHOLD) return;
      if (drag.touch) {
        finish(false); // a swipe before the hold: the page scrolls
        return;
      }
      start();
    }
    event.preventDefault();
    if (drag.mode === "move") moveTo(event.clientX, event.clientY);
    else resizeTo(event.clientX, event.clientY);
  });

  document.addEventListener("pointerup", function (event) {
    if (drag && event.pointerId === drag.pointerId) finish(true);
  });
  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.pointerId) finish(false);
  });
  // Once a finger drags, its moves must not scroll the page (touch-action cannot change mid-way).
  grid.addEventListener("touchmove", function (event) {
    if (drag && drag.started) event.preventDefault();
  }, { passive: false });
  grid.addEventListener("contextmenu", function (event) {
    if (drag && drag.touch) event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") finish(false);
  });
  // After a drag the pointer is released over the block's link: that is no click on it.
  grid.addEventListener("click", function (event) {
    if (!suppressClick) return;
    suppressClick = false;
    event.preventDefault();
    event.stopPropagation();
  }, true);
  // Every listener is in place: the browser tests wait for this before they drag.
  grid.dataset.ready = "true";
})();
