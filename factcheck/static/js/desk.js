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

  // Work done in the background (archive now) updates its line in place when it ends,
  // without reloading the page and losing what is being typed.
  function poll(element) {
    var url = element.getAttribute("data-poll");
    function check() {
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (json) {
        if (json && json.status !== "pending") {
          element.textContent = json.text;
        } else {
          setTimeout(check, 2000);
        }
      }).catch(function () { setTimeout(check, 5000); });
    }
    setTimeout(check, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll("[data-poll]").forEach(poll);
  });
})();

// Keyboard flow: j/k move through candidates, a accepts, r rejects, e rewords;
// n takes the next claim; ? lists the shortcuts. Buttons and links do the same by mouse.
(function () {
  function typing(event) {
    var target = event.target;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".claim-item")); }

  function select(item) {
    items().forEach(function (other) { other.classList.remove("selected"); });
    document.querySelectorAll(".mark.active").forEach(function (m) { m.classList.remove("active"); });
    if (!item) { return; }
    item.classList.add("selected");
    item.setAttribute("tabindex", "-1");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    var mark = document.getElementById("span-" + item.id.replace("claim-", ""));
    if (mark) { mark.classList.add("active"); mark.scrollIntoView({ block: "nearest" }); }
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var index = list.findIndex(function (item) { return item.classList.contains("selected"); });
    select(list[Math.max(0, Math.min(list.length - 1, index + step))] || list[0]);
  }

  function act(action) {
    var item = document.querySelector(".claim-item.selected");
    var control = item && item.querySelector('[data-action="' + action + '"]');
    if (control) { control.click(); }
  }

  function toggleHelp() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var triage = document.querySelector("[data-shortcuts~=triage]");
    var queue = document.querySelector("[data-shortcuts~=queue]");
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (triage && event.key === "j") { move(1); }
    else if (triage && event.key === "k") { move(-1); }
    else if (triage && event.key === "a") { act("accept"); }
    else if (triage && event.key === "r") { act("reject"); }
    else if (triage && event.key === "e") { act("reword"); }
    else if (queue && event.key === "n") {
      var take = document.querySelector('[data-shortcut="n"]');
      if (take) { take.click(); }
    } else { return; }
    event.preventDefault();
  });

  // The highlight in the article follows the list, and the list follows the highlight.
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest(".mark");
    if (mark) { select(document.getElementById("claim-" + mark.id.replace("span-", ""))); }
  });
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".claim-item");
    if (item && !item.classList.contains("selected")) {
      items().forEach(function (other) { other.classList.remove("selected"); });
      item.classList.add("selected");
      document.querySelectorAll(".mark.active").forEach(function (m) { m.classList.remove("active"); });
      var mark = document.getElementById("span-" + item.id.replace("claim-", ""));
      if (mark) { mark.classList.add("active"); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var close = document.getElementById("shortcuts-close");
    if (close) { close.addEventListener("click", toggleHelp); }
  });
})();
