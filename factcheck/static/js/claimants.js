// The claimant field suggests claimants by any of their names as the editor types. Without
// JavaScript the field keeps its <datalist> of names; the server resolves any name typed.
"use strict";

(function () {
  function combobox(input) {
    var datalist = document.getElementById(input.getAttribute("list"));
    var url = datalist && datalist.getAttribute("data-suggest");
    if (!url) { return; }
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Claimants");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.removeAttribute("list");  // this list replaces the browser's own
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var timer = null;
    var asked = 0;

    function options() { return Array.prototype.slice.call(list.children); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function pick(option) {
      input.value = option.getAttribute("data-name");
      close();
    }

    function show(claimants) {
      list.textContent = "";
      claimants.forEach(function (c, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("data-name", c.name);
        option.textContent = c.name + (c.role ? " (" + c.role + ")" : "") +
          (c.matched !== c.name ? " — also “" + c.matched + "”" : "") + " · " + c.kind;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the field
          pick(option);
        });
        list.appendChild(option);
      });
      list.hidden = claimants.length === 0;
      input.setAttribute("aria-expanded", claimants.length ? "true" : "false");
    }

    function ask() {
      var typed = input.value.trim();
      var mine = ++asked;
      if (!typed) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { claimants: [] }; })
        .then(function (json) { if (mine === asked) { show(json.claimants || []); } })
        .catch(function () { close(); });  // the field still takes any name
    }

    function move(step) {
      var all = options();
      if (!all.length) { return; }
      var current = all.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
      var next = all[(current + step + all.length) % all.length];
      all.forEach(function (o) { o.setAttribute("aria-selected", o === next ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", next.id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { move(1); }
      else if (event.key === "ArrowUp") { move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") {
        var chosen = list.querySelector('[aria-selected="true"]');
        if (!chosen) { return; }
        pick(chosen);
      } else { return; }
      event.preventDefault();
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[list="claimant-names"]').forEach(combobox);
  });
})();
