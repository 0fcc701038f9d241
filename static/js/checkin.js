// The check-in page: scan a badge with the camera (jsQR, vendored in static/vendor), or send a
// code typed by a handheld scanner, or a person found by name, to the scan endpoint, and show
// its answer in big green or red. Each scan carries a nonce made here; after a lost connection
// "Try again" sends the same nonce, so the server records one check-in however often it arrives.
// Without this script the forms post to the by-hand endpoint and the answer comes as a message.
// Offline: a scan that cannot be sent is kept in IndexedDB with its nonce and the time it was
// scanned, the page says how many wait, and they are sent in order when the network is back
// (on the browser's "online" event, and every QUEUE_EVERY ms); the server's answer for each is
// the same as if it had been sent at once, so two phones that scanned one badge offline make one
// check-in and one "already checked in".
(function () {
  "use strict";
  const gettext = window.gettext || function (text) { return text; };
  const ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  const interpolate = window.interpolate || function (text) { return text; };
  const root = document.getElementById("checkin");
  if (!root) return;
  const scanUrl = root.dataset.scanUrl;
  const csrf = root.querySelector("[name=csrfmiddlewaretoken]").value;
  const panel = document.getElementById("checkin-result");
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

  function showQueued(expected) {
    panel.hidden = false;
    panel.className = "checkin-result queued";
    panel.dataset.result = "queued";
    panel.dataset.expected = expected ? expected.result : "";
    panel.replaceChildren(line(gettext("Saved on this phone"), "checkin-label"));
    if (expected && expected.person) {
      panel.append(line(expected.person.name, "checkin-name"));
      panel.append(line([expected.person.office, expected.person.city].join(" · ")));
    }
    if (expected) panel.append(line(interpolate(gettext("Offline answer: %s."), [expected.label])));
    panel.append(line(gettext("No connection: the scan is sent, and checked, when the network is back.")));
  }

  // --- the list kept on the phone for offline answers (checkin/offline.py) ------------------
  const LABELS = {
    valid: gettext("Valid"),
    already_in: gettext("Already checked in"),
    waitlisted: gettext("Waitlisted"),
    not_approved: gettext("Not approved"),
    not_on_list: gettext("Not on this list"),
    revoked: gettext("Badge revoked"),
  };
  const listKey = "summit-checkin-list:" + scanUrl;
  let kept = readKept();
  const seenOffline = new Set();

  function readKept() {
    try {
      return JSON.parse(window.localStorage.getItem(listKey) || "null") || { entries: {} };
    } catch (error) {
      return { entries: {} };
    }
  }

  async function refreshKept() {
    if (navigator.onLine === false || !root.dataset.offlineList) return;
    try {
      const response = await fetch(root.dataset.offlineList, { credentials: "same-origin", redirect: "manual" });
      // Signed out (a redirect to the sign-in page) or no longer staff: the names go.
      if (response.type === "opaqueredirect" || response.status === 403) {
        forget();
        return;
      }
      if (!response.ok) return;
      kept = await response.json();
      seenOffline.clear();
      window.localStorage.setItem(listKey, JSON.stringify(kept));
    } catch (error) {
      // offline or full storage: keep the copy we have
    }
  }

  // The server says this phone is signed out: remove what it kept about people (the list
  // for offline answers, the cached pages). The queued scans stay: they hold no names, and
  // they are sent once someone signs in again (or are discarded by hand, never silently).
  function forget() {
    kept = { entries: {} };
    seenOffline.clear();
    try {
      for (const key of Object.keys(window.localStorage)) {
        if (key.startsWith("summit-checkin-list:")) window.localStorage.removeItem(key);
      }
    } catch (error) {
      // storage switched off: nothing kept
    }
    if (window.caches) {
      window.caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith("summit-checkin")).map((n) => window.caches.delete(n))));
    }
  }

  async function expectedAnswer(fields) {
    if (!fields.payload || !window.crypto.subtle) return null;
    const digest = await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(fields.payload.trim()));
    const key = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    const entry = kept.entries[key];
    if (!entry) return { result: "unknown", label: gettext("Unknown code") };
    let result = entry.result;
    if (result === "valid" && fields.direction !== "exit" && seenOffline.has(key)) result = "already_in";
    if (result === "valid" && fields.direction !== "exit") seenOffline.add(key);
    return { result: result, label: LABELS[result] || result, person: entry.person };
  }

  function notChecked() {
    return { ok: false, result: "error", label: gettext("Not checked"), reason: gettext("Scan a badge or choose a person.") };
  }

  // POST one scan; resolves to { status, data } (data: the answer, or null when it was not
  // one), or to null when the network failed.
  async function post(fields) {
    let response;
    try {
      response = await fetch(scanUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf },
        body: new URLSearchParams(fields),
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (error) {
      return null;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    return { status: response.status, data: data };
  }

  // Why the server did not take a scan, in words for the person holding the phone.
  function refusal(answer) {
    const status = answer.status || 0;
    if (status === 403 || status === 0) {
      return gettext("Refused: this phone is signed out, or no longer check-in staff for this list. Sign in again and open this page again: the scan is sent then.");
    }
    const errors = answer.data && answer.data.error ? Object.values(answer.data.error).flat() : [];
    if (errors.length) return errors.map((e) => e.message).join(" ");
    if (status >= 500) return interpolate(gettext("The server failed (%s): the scan is tried again."), [status]);
    return interpolate(gettext("The server did not accept the scan (%s)."), [status]);
  }

  async function send(fields) {
    busy = true;
    fields.scanned_at = new Date().toISOString();
    try {
      const answer = navigator.onLine === false ? null : await post(fields);
      if (answer && answer.status === 200 && answer.data) {
        show(answer.data);
      } else if (answer) {
        // Refused: kept on the phone with the reason, never dropped (sent again on each try).
        fields.refused = refusal(answer);
        await queue.add(fields);
        show({ ok: false, result: "refused", label: gettext("Not checked"), reason: fields.refused });
        updateWaiting();
      } else {
        await queue.add(fields);
        showQueued(await expectedAnswer(fields));
        updateWaiting();
      }
    } finally {
      busy = false;
    }
  }

  // --- the offline queue (IndexedDB) --------------------------------------------------------
  const QUEUE_EVERY = 15000;
  const waiting = document.getElementById("checkin-queue");
  const refusedBox = document.getElementById("checkin-refused");
  const queue = openQueue();
  let flushing = false;

  function openQueue() {
    const ready = new Promise((resolve, reject) => {
      const request = window.indexedDB.open("summit-checkin", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("scans", { keyPath: "nonce" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    function run(mode, action) {
      return ready.then((db) => new Promise((resolve, reject) => {
        const transaction = db.transaction("scans", mode);
        const result = action(transaction.objectStore("scans"));
        transaction.oncomplete = () => resolve(result.result);
        transaction.onerror = () => reject(transaction.error);
      }));
    }
    return {
      add: (fields) => run("readwrite", (store) => store.put(Object.assign({ url: scanUrl }, fields))),
      remove: (nonce) => run("readwrite", (store) => store.delete(nonce)),
      all: () => run("readonly", (store) => store.getAll()),
    };
  }

  async function updateWaiting() {
    const scans = (await queue.all()).filter((scan) => scan.url === scanUrl);
    const waitingScans = scans.filter((scan) => !scan.refused);
    const offline = navigator.onLine === false;
    waiting.hidden = waitingScans.length === 0 && !offline;
    waiting.className = "checkin-queue" + (offline ? " offline" : "");
    const count = interpolate(ngettext("%s scan waits to be sent.", "%s scans wait to be sent.", waitingScans.length), [waitingScans.length]);
    waiting.textContent = offline ? gettext("Offline.") + " " + count : count;
    showRefused(scans.filter((scan) => scan.refused));
    return scans;
  }

  // Scans the server refused stay on the phone, listed with the reason, until they go through
  // (each try sends them again) or the person discards one.
  function showRefused(scans) {
    refusedBox.hidden = scans.length === 0;
    const list = document.createElement("ul");
    for (const scan of scans) {
      const item = document.createElement("li");
      const when = new Date(scan.scanned_at).toLocaleTimeString();
      const what = scan.payload ? interpolate(gettext("code %s…"), [scan.payload.slice(0, 8)]) : gettext("chosen by hand");
      item.append(line(interpolate(gettext("Scanned %(when)s (%(what)s): %(reason)s"), { when: when, what: what, reason: scan.refused }, true)));
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "small secondary";
      discard.textContent = gettext("Discard this scan");
      discard.addEventListener("click", () => queue.remove(scan.nonce).then(updateWaiting));
      item.append(discard);
      list.append(item);
    }
    const heading = line(interpolate(ngettext("%s scan was refused and is kept on this phone:", "%s scans were refused and are kept on this phone:", scans.length), [scans.length]), "checkin-label");
    refusedBox.replaceChildren(heading, list);
  }

  async function flush() {
    if (flushing || navigator.onLine === false) return;
    flushing = true;
    try {
      const scans = (await queue.all()).filter((scan) => scan.url === scanUrl);
      scans.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
      let valid = 0;
      let sent = 0;
      for (const scan of scans) {
        const fields = Object.assign({}, scan);
        delete fields.url;
        delete fields.refused;
        const answer = await post(fields);
        if (!answer) break; // still offline: try again later
        if (answer.status !== 200 || !answer.data) {
          await queue.add(Object.assign({}, scan, { refused: refusal(answer) })); // kept, with why
          if (answer.status === 403 || answer.status === 0) forget();
          continue;
        }
        await queue.remove(scan.nonce);
        sent += 1;
        if (answer.data.ok) valid += 1;
      }
      await updateWaiting();
      if (sent) {
        waiting.hidden = false;
        waiting.textContent = interpolate(
          ngettext(
            "Sent %(sent)s saved scan: %(valid)s valid, %(refused)s refused.",
            "Sent %(sent)s saved scans: %(valid)s valid, %(refused)s refused.",
            sent,
          ),
          { sent: sent, valid: valid, refused: sent - valid },
          true,
        );
      }
    } finally {
      flushing = false;
    }
  }

  // Keep the page and its files on the phone, so that it also opens offline (templates/checkin/sw.js).
  if (navigator.serviceWorker && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker).catch(() => {});
  }

  // Signing out clears this phone's site data (the server's Clear-Site-Data), queued scans too:
  // ask first when some are not sent yet.
  const signOut = document.querySelector("form[action$='/logout/']");
  if (signOut) {
    signOut.addEventListener("submit", async (event) => {
      if (signOut.dataset.confirmed) return;
      event.preventDefault();
      const scans = await updateWaiting();
      const question = interpolate(ngettext(
        "%s scan on this phone is not sent yet: signing out deletes it. Sign out anyway?",
        "%s scans on this phone are not sent yet: signing out deletes them. Sign out anyway?",
        scans.length), [scans.length]);
      if (scans.length === 0 || window.confirm(question)) {
        signOut.dataset.confirmed = "1";
        signOut.requestSubmit();
      }
    });
  }

  window.addEventListener("online", () => flush().then(refreshKept));
  window.setInterval(refreshKept, 60000);
  refreshKept();
  window.addEventListener("offline", updateWaiting);
  window.setInterval(flush, QUEUE_EVERY);
  updateWaiting().then(flush);

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

  // The camera (static/js/checkin_camera.js) sends what it reads through the same path.
  window.summitCheckin = { send: send, scanFields: scanFields, show: show, isBusy: () => busy };
})();
