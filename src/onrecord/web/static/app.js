// Progressive enhancement for the document page: mark every piece of the statement the URL points
// at (a statement split by an overlapping span has several pieces) and its card, and scroll to it.
// Without this script the pages still work: :target styles the first piece.
(function () {
  "use strict";

  function statementIdFromHash() {
    var hash = decodeURIComponent(window.location.hash || "");
    var match = /^#(?:s|card)-([A-Za-z0-9_-]+)$/.exec(hash);
    return match ? match[1] : null;
  }

  function select(id) {
    document.querySelectorAll(".is-current").forEach(function (el) {
      el.classList.remove("is-current");
    });
    if (!id) {
      return;
    }
    var pieces = document.querySelectorAll('[data-st="' + id + '"]');
    pieces.forEach(function (el) {
      el.classList.add("is-current");
    });
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) {
      target.scrollIntoView({ block: "center" });
    }
  }

  function onHash() {
    select(statementIdFromHash());
  }

  // Submit the filter form when a drop-down changes: one click fewer, same URL as the button.
  function autoSubmit() {
    document.querySelectorAll("form.filters select").forEach(function (el) {
      el.addEventListener("change", function () {
        el.form.submit();
      });
    });
  }

  window.addEventListener("hashchange", onHash);
  document.addEventListener("DOMContentLoaded", function () {
    autoSubmit();
    onHash();
  });
})();
