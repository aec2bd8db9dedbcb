// The progress of a large import file run by the background worker (review/import_job.html):
// polls the job's status (JSON) and moves the <progress> bar; reloads the page, which then
// shows the report, once the job is done. No inline script: the Content-Security-Policy
// allows scripts from this site only.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("import-progress-bar");
  var text = document.getElementById("import-progress-text");

  function show(status) {
    if (status.step === "writing") {
      bar.removeAttribute("value"); // the writes are one transaction: no count to show
      text.textContent = "Writing the " + status.total + " rows in one transaction…";
    } else if (status.state === "waiting") {
      text.textContent = "Waiting for the worker…";
    } else {
      bar.max = Math.max(status.total, 1);
      bar.value = status.done;
      bar.textContent = status.done + " of " + status.total;
      text.textContent = status.done + " of " + status.total + " rows checked";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          return;
        }
        if (status.state === "done" || status.state === "failed") {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
