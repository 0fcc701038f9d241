// The check-in page: scan a badge with the camera (jsQR, vendored in static/vendor), or send a
// code typed by a handheld scanner, or a person found by name, to the scan endpoint, and show
// its answer in big green or red. Each scan carries a nonce made here; after a lost connection
// "Try again" sends the same nonce, so the server records one check-in however often it arrives.
// Without this script the forms post to the by-hand endpoint and the answer comes as a message.
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const interpolate = window.interpolate || function (text) { return text; };
  const root = document.getElementById("checkin");
  if (!root) return;
  const scanUrl = root.dataset.scanUrl;
  const csrf = root.querySelector("[name=csrfmiddlewaretoken]").value;
  const panel = document.getElementById("checkin-result");
  const SAME_CODE_PAUSE = 3000; // ms before the camera sends the same badge again
  const device = deviceId();
  let busy = false;

  function randomHex() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function deviceId() {
    try {
      let id = window.localStorage.getItem("summit-checkin-device");
      if (!id) {
        id = randomHex();
        window.localStorage.setItem("summit-checkin-device", id);
      }
      return id;
    } catch (error) {
      return "";
    }
  }

  function line(text, className) {
    const p = document.createElement("p");
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }

  function show(data) {
    panel.hidden = false;
    panel.className = "checkin-result " + (data.ok ? "ok" : "bad");
    panel.dataset.result = data.result || "";
    panel.replaceChildren(line(data.label, "checkin-label"));
    if (data.person) {
      panel.append(line(data.person.name, "checkin-name"));
      panel.append(line([data.person.office, data.person.city].join(" · ")));
      panel.append(line(interpolate(gettext("Delegation of %s"), [data.person.delegation])));
    }
    panel.append(line(data.reason));
  }

  function showFailure(fields) {
    panel.hidden = false;
    panel.className = "checkin-result bad";
    panel.dataset.result = "offline";
    panel.replaceChildren(line(gettext("Not sent: check the connection."), "checkin-label"));
    const retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = gettext("Try again");
    retry.addEventListener("click", () => send(fields));
    panel.append(retry);
  }

  async function send(fields) {
    busy = true;
    const body = new URLSearchParams(fields);
    try {
      const response = await fetch(scanUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf },
        body: body,
        credentials: "same-origin",
      });
      const data = await response.json();
      if (response.ok) show(data);
      else show({ ok: false, result: "error", label: gettext("Not checked"), reason: gettext("Scan a badge or choose a person.") });
    } catch (error) {
      showFailure(fields);
    } finally {
      busy = false;
    }
  }

  function scanFields(extra) {
    return Object.assign({ nonce: randomHex(), device: device, direction: root.dataset.direction }, extra);
  }

  const form = document.getElementById("scan-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = form.elements.payload;
    if (!input.value.trim()) return;
    send(scanFields({ payload: input.value }));
    input.value = "";
    input.focus();
  });

  for (const byHand of root.querySelectorAll("form.by-hand")) {
    byHand.addEventListener("submit", (event) => {
      event.preventDefault();
      send(scanFields({ registration: byHand.elements.registration.value }));
    });
  }

  // --- the camera ---------------------------------------------------------------------------
  const start = document.getElementById("camera-start");
  const stop = document.getElementById("camera-stop");
  const video = document.getElementById("camera");
  const canvas = document.createElement("canvas");
  let stream = null;
  let last = { code: "", at: 0 };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) return;
  start.hidden = false;

  function tick() {
    if (!stream) return;
    if (!busy && video.readyState >= video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      const now = Date.now();
      if (found && found.data && (found.data !== last.code || now - last.at > SAME_CODE_PAUSE)) {
        last = { code: found.data, at: now };
        send(scanFields({ payload: found.data }));
      }
    }
    window.setTimeout(tick, 150);
  }

  start.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      show({ ok: false, result: "camera", label: gettext("No camera"), reason: gettext("The camera could not be opened: type the code or find the person by name.") });
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    start.hidden = true;
    stop.hidden = false;
    tick();
  });

  stop.addEventListener("click", () => {
    for (const track of stream ? stream.getTracks() : []) track.stop();
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  });
})();
