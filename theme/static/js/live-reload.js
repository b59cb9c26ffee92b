// Development only (make serve): reload the page when a new build has been swapped in.
(function () {
  var token = null;
  function poll() {
    fetch("/live-reload.txt", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (t) {
        if (t !== null && token !== null && t !== token) { location.reload(); return; }
        if (t !== null) { token = t; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
