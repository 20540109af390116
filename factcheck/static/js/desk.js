// factcheck desk: small progressive enhancements. Every action also works without them.
"use strict";

(function () {
  // Drafts save themselves: the verdict form posts to its autosave URL as the checker types.
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector(".autosave-status");
    // The line shows every save; a screen reader hears it when it changes in kind: the
    // first save, a save refused and why, the first save after that.
    var tell = teller(status, form.querySelector(".autosave-said"));
    var timer = null;
    // What the fields held when last saved; the page opens with what the server has (the
    // checker's draft, or the one left to them), so an untouched form is never posted.
    function fields() {
      var data = new FormData(form);
      ["version", "draft_seen", "csrf_token"].forEach(function (name) { data.delete(name); });
      return new URLSearchParams(data).toString();
    }
    var last = fields();
    var inFlight = 0;  // saves on their way to the server
    // The fields of the latest save sent and not answered yet: the next save names them, so
    // that the server knows that draft for this page's own, not another tab's (its stamp,
    // draft_seen, is not known here until the answer comes).
    var onItsWay = null;
    var retry = null;
    var unreachable = false;  // the last save found no network
    var latest = Promise.resolve(true);  // the last save sent, answered or not
    // `leaving`: the page is being hidden or left, and the save must outlive it.
    function save(leaving) {
      var now = fields();
      if (now === last) { return Promise.resolve(true); }
      last = now;
      inFlight += 1;
      var data = new FormData(form);
      data.delete("version");
      var mine = { rating: data.get("rating") || "", explanation: data.get("explanation") || "" };
      if (onItsWay !== null) {
        data.append("sending_rating", onItsWay.rating);
        data.append("sending_explanation", onItsWay.explanation);
      }
      onItsWay = mine;
      function answered() { if (onItsWay === mine) { onItsWay = null; } }
      var body = new URLSearchParams(data).toString();
      latest = fetch(url, {
        method: "POST",
        body: body,
        // The browser refuses a keepalive body over 64 KiB; a longer draft goes as usual.
        keepalive: Boolean(leaving) && new Blob([body]).size < 60000,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "X-CSRFToken": data.get("csrf_token") || "" }
      }).then(function (response) {
        inFlight -= 1;
        answered();
        unreachable = false;
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        if (!json) {
          // Signed out (in another tab, or idle too long): the server answers with the
          // sign-in page or a refused form, not with the draft's JSON.
          last = null;
          tell("Draft not saved: you were signed out. Sign in again in another tab; what " +
            "you type here stays on this page.", "signed out");
          return false;
        }
        return response.json().then(function (body) {
          var seen = form.querySelector("input[name=draft_seen]");
          if (response.ok && seen && body.stamp) { seen.value = body.stamp; }
          if (!response.ok) { last = null; }  // not saved: the same text is sent again
          // The lease ran out and nobody has the claim since: offer to take it back, with
          // what the form holds (the button sends it to the take-back address).
          var takeBack = form.querySelector("button[data-take-back]");
          if (takeBack && body.take_back) { takeBack.hidden = false; }
          var refused = "Draft not saved: " + ((body.error && body.error.message) || response.status);
          tell(response.ok ? body.message : refused, response.ok ? "saved" : refused);
          return response.ok;
        });
      }).catch(function () {
        inFlight -= 1;
        answered();
        unreachable = true;
        last = null;
        tell("Draft not saved: the server cannot be reached. Keep this page open: it saves " +
          "itself when the connection is back.", "offline");
        // Nothing else would send it again before the next key pressed.
        if (retry === null) {
          retry = setTimeout(function () { retry = null; save(); }, 5000);
        }
        return false;
      });
      return latest;
    }
    window.addEventListener("online", function () {
      clearTimeout(retry);
      retry = null;
      if (timer === null) { save(); }
    });
    // Typed and not on the server yet (the pause not over, a save on its way or refused):
    // leaving the page now would lose it.
    unsavedDrafts.push(function () {
      return timer !== null || inFlight > 0 || fields() !== last;
    });
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; save(); }, 800);
    });
    // The tab closed, or the page left, inside the pause lost what was typed since the
    // last save: it is sent on the way out, by a request that outlives the page, checked
    // against the draft seen like any other save. An untouched form sends nothing.
    function saveOnLeaving() {
      if (timer === null && fields() === last) { return; }
      clearTimeout(timer);
      timer = null;
      save(true);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { saveOnLeaving(); }
    });
    window.addEventListener("pagehide", saveOnLeaving);
    // Sent with no network, the form left the page for the browser's "No internet" page,
    // and what was typed since the last save lived only in the browser's history. While
    // the device is offline, or the last save found no network and saving now still does,
    // the form stays, says so, and is sent by the next tap once the connection is back.
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false && !unreachable) { return; }
      event.preventDefault();
      var button = event.submitter;
      clearTimeout(timer);
      timer = null;
      // A save already on its way (the connection just came back) is waited for.
      var saved = navigator.onLine === false ? Promise.resolve() :
        save().then(function () { return latest; });
      saved.then(function () {
        if (navigator.onLine !== false && !unreachable) {
          setTimeout(function () { form.requestSubmit(button || null); }, 0);
          return;
        }
        tell(NOT_SENT, "not sent");
        if (status) { status.scrollIntoView({ block: "nearest" }); }
      });
    });
    // Before the page is left by a button of its own (Release), what was typed in the
    // last moment is saved rather than waiting for the pause.
    pendingSaves.push(function () {
      clearTimeout(timer);
      timer = null;
      return save();
    });
  }
  var pendingSaves = [];
  var unsavedDrafts = [];
  var NOT_SENT = "Not sent: the server cannot be reached. What you wrote stays on this " +
    "page: send it again when the connection is back.";

  // A line that says what became of what was typed: `line` shows each message, and `said`
  // (a live region; it may be the line itself) is heard when the message changes in kind.
  function teller(line, said) {
    var saidKind = null;
    return function (text, kind) {
      if (line) { line.textContent = text; }
      if (said && kind !== saidKind) {
        saidKind = kind;
        said.textContent = text;
      }
    };
  }

  // Sent with no network, a form left the page for the browser's "No internet" page: what
  // was typed lived only in the browser's history, which a reload or another browser
  // loses. While the device is offline, the form stays and a line by its button says it
  // was not sent. Nothing is sent by itself when the connection is back: the next tap sends
  // it. No request is made to find out (a health check before every send cost a round trip
  // and made sends asynchronous): a network that the device believes is up but is not
  // still leaves the page, as before. The verdict form (data-autosave) has its own, which
  // also reads its failed saves.
  function keepOffline(event) {
    var form = event.target;
    if ((form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-autosave") ||
        form.hasAttribute("data-no-guard") || form.querySelector("input[type=password]")) {
      return;
    }
    if (navigator.onLine !== false) {
      notSent(form, null);
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    notSent(form, event.submitter, NOT_SENT);
  }

  // The line by the form's button (made the first time it is needed), read out as an alert;
  // without `text`, it is emptied.
  var notSentLines = new WeakMap();  // form → the line's teller
  function notSent(form, button, text) {
    var line = form.querySelector(".not-sent");
    if (!line) {
      if (!text) { return; }
      line = document.createElement("p");
      line.className = "field-error not-sent";
      line.setAttribute("role", "alert");
      var after = button || form.querySelector("button[type=submit], button:not([type])") ||
        form.lastElementChild;
      if (after && after.parentNode.tagName === "P") { after = after.parentNode; }
      if (after) { after.after(line); } else { form.appendChild(line); }
      notSentLines.set(form, teller(line, line));
    }
    // Emptied first, so that another tap still offline is seen and heard again.
    notSentLines.get(form)("", "");
    if (text) { setTimeout(function () { notSentLines.get(form)(text, "not sent"); }, 50); }
  }

  // A button with data-confirm (Release, Unassign) asks first. Once confirmed, the drafts
  // on the page are saved, then the form is sent; if a draft could not be saved, it is not
  // sent, so that nobody else takes the claim without the last words.
  function confirmThenSubmit(event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-confirm") || button.hasAttribute("data-confirmed")) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!window.confirm(button.getAttribute("data-confirm"))) { return; }
    var form = event.target;
    Promise.all(pendingSaves.map(function (saveNow) { return saveNow(); })).then(function (saved) {
      if (saved.indexOf(false) >= 0) {
        window.alert("Not sent: your latest changes to the draft could not be saved (the " +
          "line above the form says why). Copy your text, then try again.");
        return;
      }
      button.setAttribute("data-confirmed", "");
      // In a later task: a form still dispatching its submit event ignores requestSubmit.
      setTimeout(function () { form.requestSubmit(button); }, 0);
    });
  }

  // Another form of the page sent less than a pause after the last key in a draft (Add
  // evidence) reloaded the page before the draft saved itself, and its last words were
  // lost. The drafts are saved first, then the form is sent; if a draft cannot be saved,
  // the checker is asked before it is.
  function saveDraftsFirst(event) {
    var form = event.target;
    if (form.hasAttribute("data-drafts-saved")) {
      form.removeAttribute("data-drafts-saved");
      return;
    }
    if (form.hasAttribute("data-autosave") || (form.method || "").toLowerCase() !== "post" ||
        !unsavedDrafts.some(function (unsaved) { return unsaved(); })) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var button = event.submitter;
    Promise.all(pendingSaves.map(function (saveNow) { return saveNow(); })).then(function (saved) {
      if (saved.indexOf(false) >= 0 && !window.confirm("Your latest words in the verdict " +
          "could not be saved (the line above the form says why). Send this form anyway " +
          "and lose them?")) {
        return;
      }
      form.setAttribute("data-drafts-saved", "");
      setTimeout(function () { form.requestSubmit(button || null); }, 0);
    });
  }

  // Work done in the background (archive now, earlier fact-checks of an article's claims)
  // updates its line in place when it ends, without reloading the page and losing what is
  // being typed. An answer with `claims` also fills each claim's [data-earlier-for] box.
  // Whether any field of the page holds something typed or chosen and not sent yet.
  function unsaved() {
    return Array.prototype.some.call(document.querySelectorAll("input, textarea, select"), changed);
  }

  function changed(f) {
    if (f.type === "hidden" || f.type === "submit" || f.type === "button") { return false; }
    if (f.type === "checkbox" || f.type === "radio") { return f.checked !== f.defaultChecked; }
    if (f.tagName === "SELECT") {
      var marked = Array.prototype.some.call(f.options, function (o) { return o.defaultSelected; });
      // With no option marked selected, a single select starts on its first option.
      if (!marked && !f.multiple) { return f.selectedIndex > 0; }
      return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return f.value !== f.defaultValue;
  }

  // Sending one form reloads the page, and what was typed in another form of the page and
  // not sent yet (a new wording, while saving who made the claim) would be lost without a
  // word. Ask first. Drafts (data-autosave) save themselves, and a form sent in place
  // (triage rows, by fetch: the event is already prevented) reloads nothing.
  function typedElsewhere(event) {
    if (event.defaultPrevented) { return; }
    var sent = event.target;
    var left = Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
      return form !== sent && holdsWork(form);
    });
    if (!left.length) { return; }
    var names = left.map(formName).join("”, “");
    if (!window.confirm("You typed in “" + names + "” and did not save it. Send this form " +
        "anyway and lose what you typed there?")) {
      event.preventDefault();
    }
  }

  // Words typed, which take work to type again; not a ticked box, a choice or a number
  // (a text field for a number, such as a score, says so with its inputmode).
  // With `sent`, any words in the field count (a refused form, shown again with them).
  function typedText(f, sent) {
    var words = f.tagName === "TEXTAREA" ||
      (f.tagName === "INPUT" && ["text", "url", "email", "search", ""].indexOf(f.type) >= 0 &&
       ["decimal", "numeric"].indexOf(f.inputMode) < 0);
    return words && f.value.trim() !== (sent ? "" : f.defaultValue.trim());
  }

  // Following a link away (or closing the tab) would lose words typed in a form of the
  // page and not sent: the browser asks first. Not while the page is left by sending a
  // form, where typedElsewhere has asked already; for a draft (data-autosave), only while
  // what was typed is not on the server yet (the pause not over, the network down, the
  // save refused); not for a search box (a GET form), quick to type again.
  var sending = false;
  function typedUnsent() {
    return Array.prototype.some.call(document.querySelectorAll("form"), holdsWork);
  }

  // A form whose typed words would be work lost: not a draft that saves itself, not a
  // sign-in or password form (an address and a password are typed again in seconds, and
  // "Forgot your password?" must not ask), nor one marked data-no-guard.
  function holdsWork(form) {
    return (form.method || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-autosave") && !form.hasAttribute("data-no-guard") &&
      !form.querySelector("input[type=password]") &&
      Array.prototype.some.call(form.elements, function (f) {
        return typedText(f) || (form.hasAttribute("data-unsent") && typedText(f, true));
      });
  }

  // A form refused and shown again came back from its POST address, which a reload sends
  // again, Back cannot show and Enter in the address bar answers with "Method Not
  // Allowed": the address bar shows the page's own address instead. What the refused
  // form holds was typed and is not saved: it counts as unsent words.
  function refusedForm() {
    var meta = document.querySelector("meta[name=page-address]");
    if (!meta) { return; }
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[aria-invalid=true], .field-error, [data-error-summary]")) {
        form.setAttribute("data-unsent", "");
      }
    });
    var address = meta.getAttribute("content");
    if (window.history.replaceState && address !== window.location.pathname) {
      window.history.replaceState(window.history.state, "", address);
    }
  }
  function sent(event) {
    // A form sent in place (by fetch, or refused by a question) leaves nothing.
    if (!event.defaultPrevented && !event.target.hasAttribute("target")) { sending = true; }
  }
  function guardUnload(event) {
    var draftAtRisk = unsavedDrafts.some(function (unsaved) { return unsaved(); });
    if (sending || !(typedUnsent() || draftAtRisk)) { return; }
    event.preventDefault();
    event.returnValue = "";  // older Chromium asks only when this is set
  }

  function formName(form) {
    var box = form.closest("section, details, fieldset, .card") || form;
    var heading = box.querySelector("h2, h3, summary, legend");
    var submit = form.querySelector("button[type=submit], button:not([type])");
    return ((heading || submit || {}).textContent || "another form").trim();
  }

  // Work done in the background (archive now, the language model's rewrite) updates its
  // line in place when it ends, without reloading the page and losing what is being typed.
  // A line marked data-poll-reload (the rewritten candidates) reloads the page when it is
  // done and nothing is typed; otherwise it offers a link to show them.
  function poll(element) {
    var url = element.getAttribute("data-poll");
    function check() {
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (json) {
        if (json && json.status !== "pending") {
          if (json.status === "done" && element.hasAttribute("data-poll-reload") && !unsaved()) {
            location.reload();
            return;
          }
          element.innerHTML = json.text;  // rendered and escaped by the server
          Object.keys(json.claims || {}).forEach(function (id) {
            var box = document.querySelector('[data-earlier-for="' + id + '"]');
            if (box) { box.innerHTML = json.claims[id]; }
          });
        } else {
          setTimeout(check, 2000);
        }
      }).catch(function () { setTimeout(check, 5000); });
    }
    setTimeout(check, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    refusedForm();
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    // First: offline, a form is not asked about nor sent.
    document.addEventListener("submit", keepOffline, true);
    document.addEventListener("submit", confirmThenSubmit, true);
    document.addEventListener("submit", saveDraftsFirst, true);
    // On window, so that it runs after the page's own submit handlers (triage by fetch).
    window.addEventListener("submit", typedElsewhere);
    window.addEventListener("submit", sent);  // after typedElsewhere, which may stop it
    window.addEventListener("beforeunload", guardUnload);
    // Back from the next page (the browser's cache): nothing is being sent any more.
    window.addEventListener("pageshow", function () { sending = false; });
    // A phone shows the claims first: filters nobody set are one tap away.
    if (window.matchMedia("(max-width: 600px)").matches) {
      document.querySelectorAll("details[data-close-on-phone]").forEach(function (box) {
        box.open = false;
      });
    }
    document.querySelectorAll("[data-poll]").forEach(poll);
    // A form that came back with problems: its summary takes the focus, in view.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  });
})();

// Keyboard flow: j/k move through the candidates still to decide, a accepts, r rejects,
// x ticks for the bulk buttons, e rewords; n takes the next claim; ? lists the shortcuts.
// Buttons and links do the same by mouse. On the triage page, decisions are posted with
// fetch and the server's new row replaces the old one, so the place in the list is kept.
(function () {
  function typing(event) {
    var target = event.target;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".claim-item")); }
  function open(item) { return !item.classList.contains("handled"); }

  function markFor(item) { return document.getElementById("span-" + item.getAttribute("data-claim")); }

  function highlight(item) {
    items().forEach(function (other) { other.classList.remove("selected"); });
    document.querySelectorAll(".mark.active").forEach(function (m) { m.classList.remove("active"); });
    if (!item) { return; }
    item.classList.add("selected");
    var mark = markFor(item);
    if (mark) { mark.classList.add("active"); }
  }

  function select(item) {
    highlight(item);
    if (!item) { return; }
    item.setAttribute("tabindex", "-1");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    var mark = markFor(item);
    if (mark) { mark.scrollIntoView({ block: "nearest" }); }
  }

  function current() { return document.querySelector(".claim-item.selected"); }

  // The next candidate still to decide after `from` (before it when step is -1); `from`
  // itself when none is left that way, so j never jumps back to the top.
  function nextOpen(from, step) {
    var list = items();
    var index = from ? list.indexOf(from) : (step > 0 ? -1 : list.length);
    for (var i = index + step; i >= 0 && i < list.length; i += step) {
      if (open(list[i])) { return list[i]; }
    }
    return from || null;
  }

  function move(step) { select(nextOpen(current(), step)); }

  function act(action) {
    var item = current();
    var control = item && item.querySelector('[data-action="' + action + '"]');
    if (control) { control.click(); }
  }

  // The focus is on the row, not its box: the row says what "x" did.
  function tick() {
    var item = current();
    var box = item && item.querySelector('input[type="checkbox"]');
    if (!box) { return; }
    box.checked = !box.checked;
    say(item.querySelector(".row-status"),
      "Claim #" + item.getAttribute("data-claim") + (box.checked ? " ticked." : " not ticked."));
  }

  function toggleHelp() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  // Replace each row the server sent; keep the ticks and the selection; keep the
  // reject-below form's versions current. Return the new rows by id.
  function swapRows(rows) {
    var swapped = {};
    Object.keys(rows || {}).forEach(function (id) {
      var old = document.getElementById("claim-" + id);
      if (!old) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = rows[id];
      var fresh = holder.querySelector(".claim-item");
      if (!fresh) { return; }
      var wasSelected = old.classList.contains("selected");
      old.replaceWith(fresh);
      if (wasSelected) { fresh.classList.add("selected"); }
      var version = fresh.querySelector('input[name="version_' + id + '"]');
      var below = document.querySelector('#below-form input[name="version_' + id + '"]');
      if (version && below) { below.value = version.value; }
      var mark = document.getElementById("span-" + id);
      if (mark) {
        mark.className = mark.className.replace(/\bmark-[a-z_]+/, "mark-" + fresh.className.match(/status-([a-z_]+)/)[1]);
      }
      swapped[id] = fresh;
    });
    return swapped;
  }

  function say(region, text) {
    if (!region) { return; }
    // Set after the region is in the page, so screen readers announce the change.
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function post(form, submitter) {
    var data = new FormData(form);  // with the rows' ticks and versions (form="bulk-form")
    return fetch(submitter && submitter.getAttribute("formaction") || form.action, {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrf_token") || "" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        throw new Error("The server answered " + response.status + ": reload the page and try again.");
      }
      return response.json();
    });
  }

  function failed(json) { return json.error ? json.error.message : ""; }

  // One candidate's button: the row comes back decided, the selection moves on.
  function decide(form, submitter) {
    var item = form.closest(".claim-item");
    var id = item.getAttribute("data-claim");
    var wasSelected = item.classList.contains("selected") || item.contains(document.activeElement);
    var buttons = item.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    document.body.setAttribute("data-busy", "1");
    return post(form, submitter).then(function (json) {
      var fresh = swapRows(json.rows)[id] || document.getElementById("claim-" + id);
      say(fresh && fresh.querySelector(".row-status"), failed(json) || json.message);
      // Keyboard or mouse, the place moves on to the next candidate to decide.
      if (fresh && (wasSelected || !json.error)) {
        select(json.error || !fresh.classList.contains("handled") ? fresh : nextOpen(fresh, 1));
      }
    }).catch(function (error) {
      buttons.forEach(function (b) { b.disabled = false; });
      say(item.querySelector(".row-status"), error.message);
    }).finally(function () { document.body.removeAttribute("data-busy"); });
  }

  function bulk(form, submitter) {
    var status = document.getElementById("bulk-status");
    document.body.setAttribute("data-busy", "1");
    return post(form, submitter).then(function (json) {
      var swapped = swapRows(json.rows);
      (json.refused || []).forEach(function (r) {
        var row = swapped[r.claim_id] || document.getElementById("claim-" + r.claim_id);
        say(row && row.querySelector(".row-status"), r.message);
      });
      say(status, failed(json) || json.message);
      var selected = current();
      if (selected && selected.classList.contains("handled")) { select(nextOpen(selected, 1)); }
    }).catch(function (error) { say(status, error.message); })
      .finally(function () { document.body.removeAttribute("data-busy"); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!window.fetch || !document.querySelector("[data-shortcuts~=triage]")) { return; }
    if (form.closest(".claim-item") && /\/triage\//.test(form.action)) {
      event.preventDefault();
      decide(form, submitter);
    } else if ((form.id === "bulk-form" || form.id === "below-form") && submitter && submitter.hasAttribute("data-bulk")) {
      event.preventDefault();
      bulk(form, submitter);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    // A letter acts where its shortcut belongs (WCAG 2.1.4): with the focus in the triage
    // (the article's text and its candidates) or in the queue's page, or on nothing in
    // particular; not on a link of the site's menu, where "r" rejected a candidate unseen.
    function within(area) {
      var target = event.target;
      // The list of shortcuts just closed can leave the focus on its Close button, hidden.
      return target === document.body || target === document.documentElement ||
        Boolean(target.closest("dialog")) || Boolean(area && area.contains(target));
    }
    var triage = document.querySelector("[data-shortcuts~=triage]");
    var queue = document.querySelector("[data-shortcuts~=queue]");
    if (triage && !within(triage.closest(".triage"))) { triage = null; }
    if (queue && !within(document.getElementById("main"))) { queue = null; }
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    // A dialog open (the list of shortcuts) leaves the page behind it inert: no key acts
    // on a candidate nobody can see.
    if (document.querySelector("dialog[open]")) { return; }
    if (triage && event.key === "j") { move(1); }
    else if (triage && event.key === "k") { move(-1); }
    else if (triage && event.key === "a") { act("accept"); }
    else if (triage && event.key === "r") { act("reject"); }
    else if (triage && event.key === "x") { tick(); }
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
    if (item && !item.classList.contains("selected")) { highlight(item); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var close = document.getElementById("shortcuts-close");
    if (close) { close.addEventListener("click", toggleHelp); }
    // After a plain-form decision the page lands on the row: keep it selected.
    var landed = location.hash && document.querySelector(".claim-item" + location.hash.replace(/[^#\w-]/g, ""));
    if (landed) { highlight(landed); }
  });
  // "e" in triage opens the claim at its wording: the field to type in gets the focus, once
  // the browser has scrolled to the fragment (which takes the focus back to the page).
  window.addEventListener("load", function () {
    var wording = location.hash === "#reword" && document.querySelector("#reword textarea");
    if (wording) { setTimeout(function () { wording.focus(); }, 0); }
  });
  // "Copy link" under a fact-check: without script the address stays selectable in its box.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copied");
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = "Link copied."; }
      }, function () {
        input.select();
        if (status) { status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link."; }
      });
    });
  });
})();
