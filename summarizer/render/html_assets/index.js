// Click a column header to sort the table by it; click again to reverse. Missing values stay last.
(function () {
  "use strict";
  var table = document.getElementById("reports");
  if (!table) return;
  var body = table.tBodies[0];

  function key(row, col) {
    return row.cells[col].getAttribute("data-sort") || "";
  }

  function compare(col, numeric, direction) {
    return function (a, b) {
      var x = key(a, col), y = key(b, col);
      if (x === "" || y === "") return (x === "") - (y === "");
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh");
      return order * direction;
    };
  }

  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      table.querySelectorAll("thead th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(compare(col, th.getAttribute("data-type") === "num", direction));
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
