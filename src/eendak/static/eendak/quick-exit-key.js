// The quick exit ("Snel weg") from the keyboard, as on other sites about violence at home: Escape
// leaves the public pages at once for the same neutral site as the button, and *replaces* this page
// in the history, so the browser's Back button does not bring anyone back here.
//
// Progressive enhancement only: without JavaScript the button (a plain link) still works, and the
// button names the shortcut (aria-keyshortcuts) only where this script runs. Escape is left alone
// while something on the page handled it already, while an input method is composing text, and
// with a modifier key held.
(function () {
  "use strict";

  function exitLink() {
    return document.querySelector("a[data-quick-exit][href]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    var link = exitLink();
    if (!link) return;
    event.preventDefault();
    window.location.replace(link.href);
  });

  function announce() {
    var link = exitLink();
    if (link) link.setAttribute("aria-keyshortcuts", "Escape");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", announce);
  } else {
    announce();
  }
})();
