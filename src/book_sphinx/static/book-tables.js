/* Sortable, filterable tables for the web book (book_sphinx.tables).

   Each <table class="book-table" data-interactive> is a plain HTML table and stays one.
   This script adds, above it: a filter box (rows holding every word typed), a drop-down
   for each column with a few distinct values, and a live count of the rows shown; and
   turns each column heading into a button that sorts by that column (ascending,
   descending, then the table's own order), numbers and dates by value. It fetches
   nothing and changes only which rows show and in what order. */
(() => {
  "use strict";

  const EMPTY = new Set(["", "–", "—", "-"]);
  const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const MAX_CHOICES = 12;
  const collator = new Intl.Collator(document.documentElement.lang || undefined,
                                     {numeric: true, sensitivity: "base"});
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const cellText = (row, column) => (row.cells[column] ? row.cells[column].textContent.trim() : "");

  function asNumber(text) {
    const plain = text.replace(/[,\u00a0\u202f]/g, "").replace("−", "-");
    return /^-?\d+(\.\d+)?%?$/.test(plain) ? parseFloat(plain) : null;
  }

  function asDate(text) {
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3]);
    m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(text);
    if (m && MONTHS.includes(m[2].toLowerCase())) {
      return Date.UTC(+m[3], MONTHS.indexOf(m[2].toLowerCase()), +m[1]);
    }
    return null;
  }

  /* The sort key of each row in a column: numbers if every filled cell is one, else
     dates if every filled cell is one, else the text; null for an empty cell. */
  function sortKeys(rows, column) {
    const texts = rows.map((row) => cellText(row, column));
    const filled = texts.filter((t) => !EMPTY.has(t));
    for (const parse of [asNumber, asDate]) {
      if (filled.length && filled.every((t) => parse(t) !== null)) {
        return texts.map((t) => (EMPTY.has(t) ? null : parse(t)));
      }
    }
    return texts.map((t) => (EMPTY.has(t) ? null : t));
  }

  function field(id, label, control) {
    const wrapper = document.createElement("div");
    wrapper.className = "book-table-field";
    const text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    control.id = id;
    wrapper.append(text, control);
    return wrapper;
  }

  let tableCount = 0;

  function enhance(table) {
    const body = table.tBodies[0];
    const head = table.tHead;
    if (!body || !head || !head.rows.length) return;
    const id = `book-table-${++tableCount}`;
    const rows = Array.from(body.rows);
    const original = rows.slice();
    const headers = Array.from(head.rows[head.rows.length - 1].cells);
    const names = headers.map((th) => th.textContent.trim());
    const haystacks = rows.map((row) => fold(row.textContent));

    const tools = document.createElement("div");
    tools.className = "book-table-tools";
    const search = document.createElement("input");
    search.type = "search";
    search.autocomplete = "off";
    search.placeholder = "words to find";
    tools.append(field(`${id}-filter`, "Filter rows", search));

    const choices = [];
    headers.forEach((th, column) => {
      const values = [...new Set(rows.map((row) => cellText(row, column)))].filter((v) => !EMPTY.has(v));
      if (values.length < 2 || values.length > MAX_CHOICES || values.length * 2 > rows.length ||
          values.some((v) => v.length > 40)) return;
      const select = document.createElement("select");
      const all = new Option("all", "");
      select.append(all, ...values.sort(collator.compare).map((v) => new Option(v, v)));
      tools.append(field(`${id}-column-${column}`, names[column] || `Column ${column + 1}`, select));
      choices.push([column, select]);
    });

    const status = document.createElement("p");
    status.className = "book-table-status";
    status.setAttribute("role", "status");
    const hint = document.createElement("p");
    hint.className = "book-table-hint";
    hint.textContent = "Select a column heading to sort by it; select it again to reverse the order.";
    tools.append(status, hint);

    function filter() {
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach((row, i) => {
        const keep = choices.every(([column, select]) => !select.value || cellText(row, column) === select.value) &&
          words.every((word) => haystacks[i].includes(word));
        row.hidden = !keep;
        shown += keep;
      });
      status.textContent = shown === rows.length ? `All ${rows.length} rows shown.` :
        `${shown} of ${rows.length} rows shown.`;
    }

    let sorted = {column: -1, direction: 0};

    function sortBy(column) {
      const direction = sorted.column !== column ? 1 : sorted.direction === 1 ? -1 : 0;
      sorted = {column: direction ? column : -1, direction};
      let order = original;
      if (direction) {
        const keys = sortKeys(original, column);
        order = original.map((row, i) => i).sort((a, b) => {
          const ka = keys[a], kb = keys[b];
          if (ka === null || kb === null) return (ka === null) - (kb === null) || a - b;
          const c = typeof ka === "number" ? ka - kb : collator.compare(ka, kb);
          return direction * c || a - b;
        }).map((i) => original[i]);
      }
      body.append(...order);
      headers.forEach((th, i) => {
        if (i === sorted.column) th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
    }

    headers.forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "book-table-sort";
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener("click", () => sortBy(column));
    });

    search.addEventListener("input", filter);
    choices.forEach(([, select]) => select.addEventListener("change", filter));
    // Above the table's own box, so that the controls stay in view when it scrolls.
    const box = table.parentElement && table.parentElement.classList.contains("output") ? table.parentElement : table;
    box.before(tools);
    table.classList.add("book-table-enhanced");
    filter();
  }

  function start() {
    document.querySelectorAll("table.book-table[data-interactive]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
