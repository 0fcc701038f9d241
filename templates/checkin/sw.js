{% load static %}// The check-in pages' service worker (scope /checkin/): every page and file they use is kept
// when it loads, and served from that copy when the network is down, so a check-in page reloaded
// offline still opens (its scans then wait in IndexedDB, see checkin.js). Network first: online,
// staff always get the current page. POSTs are never touched.
"use strict";
const CACHE = "summit-checkin-v2";
const SHARED = ["{% static 'css/summit.css' %}", "{% static 'js/checkin.js' %}", "{% static 'js/checkin_camera.js' %}", "{% static 'vendor/jsQR.js' %}", "{% url 'javascript_catalog' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHARED)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error())),
  );
});
