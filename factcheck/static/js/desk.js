// factcheck desk: small progressive enhancements. Every action also works without them.
"use strict";

(function () {
  // Drafts save themselves: the verdict form posts to its autosave URL as the checker types.
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector(".autosave-status");
    var timer = null;
    var last = null;
    function save() {
      var data = new FormData(form);
      data.delete("version");
      var body = new URLSearchParams(data).toString();
      if (body === last) { return; }
      last = body;
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "X-CSRFToken": data.get("csrf_token") || "" }
      }).then(function (response) {
        return response.json().then(function (json) {
          if (status) {
            status.textContent = response.ok ? json.message
              : "Draft not saved: " + ((json.error && json.error.message) || response.status);
          }
        });
      }).catch(function () {
        if (status) { status.textContent = "Draft not saved: the server cannot be reached."; }
      });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
  });
})();
