// The check-in page's camera: read QR codes from the video with jsQR (vendored in static/vendor)
// and hand each to checkin.js, which sends it (or keeps it while offline) and shows the answer.
// The same badge in front of the camera is sent again only after SAME_CODE_PAUSE.
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const checkin = window.summitCheckin;
  if (!checkin) return;
  const SAME_CODE_PAUSE = 3000; // ms before the camera sends the same badge again
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
    if (!checkin.isBusy() && video.readyState >= video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      const now = Date.now();
      if (found && found.data && (found.data !== last.code || now - last.at > SAME_CODE_PAUSE)) {
        last = { code: found.data, at: now };
        checkin.send(checkin.scanFields({ payload: found.data }));
      }
    }
    window.setTimeout(tick, 150);
  }

  start.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      checkin.show({ ok: false, result: "camera", label: gettext("No camera"), reason: gettext("The camera could not be opened: type the code or find the person by name.") });
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
