// Click a figure: highlight and scroll to its quote. Click a quote: highlight its figure.
// No inline handlers: the page's Content-Security-Policy only admits this script by hash.
(function () {
  "use strict";
  var original = document.getElementById("original");

  function clear() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }

  function activate(ref) {
    clear();
    var marks = original ? original.querySelectorAll('mark[data-ids~="' + ref + '"]') : [];
    marks.forEach(function (m) { m.classList.add("active"); });
    document.querySelectorAll('[data-ref="' + ref + '"]').forEach(function (b) { b.classList.add("active"); });
    return marks;
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest("[data-ref]");
    if (item) {
      var marks = activate(item.getAttribute("data-ref"));
      if (marks.length) marks[0].scrollIntoView({ block: "center", inline: "nearest" });
      return;
    }
    var mark = event.target.closest("mark[data-inner]");
    if (mark) {
      var ref = mark.getAttribute("data-inner");
      activate(ref);
      var card = document.querySelector('[data-ref="' + ref + '"]');
      if (card) card.scrollIntoView({ block: "nearest" });
    }
  });
})();
