// Turns the book's singlehtml page into one edition for print (tools/build_pdf.py).
// Called with `spec`: {kicker, title, subtitle, lines, chapters: [{doc, number, part}], root,
// titles, partPages, keepSolutions, pruneBibliography (the bibliography's page, or null),
// bibliographyNote}. Replaces the
// page's body with a title page, a table of contents (its page numbers are filled in
// after a first print) and the chapters of the edition, and strips what only works on
// screen.
(spec) => {
  const article = document.querySelector("article.bd-article");
  if (!article) throw new Error("no article.bd-article: not a singlehtml page of the book");

  // 1. Each page of the book: the root page's section, and after each
  //    <span id="document-NAME"> the nodes up to the next such span.
  const pages = {};
  for (const span of article.querySelectorAll('span[id^="document-"]')) {
    const nodes = [];
    for (let n = span.nextSibling; n && !(n.matches && n.matches('span[id^="document-"]')); n = n.nextSibling) {
      nodes.push(n);
    }
    pages[span.id.slice("document-".length)] = nodes;
  }
  for (const nodes of Object.values(pages)) nodes.forEach((n) => n.remove());
  article.querySelectorAll('span[id^="document-"], .toctree-wrapper').forEach((e) => e.remove());
  pages[spec.root] = [...article.childNodes];

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // 2. The edition: title page, contents, then the chapters (parts open a new page).
  const book = el("main", "pdf-book");
  const cover = el("section", "pdf-cover");
  cover.append(el("p", "pdf-cover-kicker", spec.kicker || ""), el("h1", "pdf-cover-title", spec.title));
  if (spec.subtitle) cover.append(el("p", "pdf-cover-subtitle", spec.subtitle));
  const colophon = el("div", "pdf-colophon");
  for (const line of spec.lines) colophon.append(el("p", "", line));
  cover.append(colophon);
  book.append(cover);

  const contents = el("nav", "pdf-contents");
  contents.append(el("h1", "pdf-contents-title", "Contents"));
  book.append(contents);

  let part = null;
  spec.chapters.forEach((chapter, index) => {
    const nodes = pages[chapter.doc];
    if (!nodes) throw new Error(`page ${chapter.doc} is not in the singlehtml build`);
    if (chapter.part && chapter.part !== part) {
      // A part of the book opens on a page of its own; a reader's groups only head the contents.
      part = chapter.part;
      const entry = el("p", "pdf-contents-part");
      if (spec.partPages) {
        const divider = el("section", "pdf-part");
        divider.id = `pdf-part-${index}`;
        divider.append(el("h1", "pdf-part-title", part));
        book.append(divider);
        const link = el("a", "", part);
        link.href = `#${divider.id}`;
        entry.append(link);
      } else {
        entry.textContent = part;
      }
      contents.append(entry);
    }
    const wrapper = el("section", "pdf-chapter");
    wrapper.id = `document-${chapter.doc}`;
    wrapper.dataset.doc = chapter.doc;
    nodes.forEach((n) => wrapper.append(n));
    // The root page's title is an h1; every other page was nested one level below it.
    if (chapter.doc !== spec.root) {
      for (const h of wrapper.querySelectorAll("h2, h3, h4, h5, h6")) {
        const up = document.createElement(`h${Number(h.tagName[1]) - 1}`);
        for (const attr of h.attributes) up.setAttribute(attr.name, attr.value);
        while (h.firstChild) up.append(h.firstChild);
        h.replaceWith(up);
      }
    }
    const heading = wrapper.querySelector("h1");
    heading.querySelectorAll(".headerlink").forEach((e) => e.remove());
    if (spec.titles && spec.titles[chapter.doc]) heading.textContent = spec.titles[chapter.doc];
    const title = heading.textContent.trim();
    if (chapter.number) {
      const label = el("span", /^\d+$/.test(chapter.number) ? "pdf-number" : "pdf-number appendix", chapter.number);
      heading.prepend(label, " ");
    }
    book.append(wrapper);

    const entry = el("p", "pdf-contents-entry");
    const link = el("a");
    link.href = `#${wrapper.id}`;
    link.append(el("span", "pdf-contents-number", chapter.number), el("span", "pdf-contents-text", title),
                el("span", "pdf-contents-page", ""));
    link.dataset.doc = chapter.doc;
    entry.append(link);
    contents.append(entry);
  });

  document.body.replaceChildren(book);
  document.body.className = "pdf-body";
  document.documentElement.dataset.theme = "light";
  document.title = spec.title;
  document.querySelectorAll("script").forEach((e) => e.remove());

  // 3. What only works on screen: code (the print edition shows results), permalinks,
  //    toggles, and solutions unless asked for.
  const drop = [".headerlink", ".cell_input", "details.hide.above-input", ".copybtn", "button",
                ".thebe-launch-button", ".d-print-none", ".pdf-editions", ".toggle-hidden"];
  if (!spec.keepSolutions) drop.push(".solution");
  // A sortable table's headings are buttons on screen (book-tables.js): keep their words.
  book.querySelectorAll("button.book-table-sort").forEach((b) => b.replaceWith(...b.childNodes));
  book.querySelectorAll(drop.join(", ")).forEach((e) => e.remove());
  for (const details of book.querySelectorAll("details")) {
    details.open = true;
    details.querySelectorAll(":scope > summary").forEach((s) => s.remove());
  }
  // Nothing scrolls on paper.
  book.querySelectorAll(".pst-scrollable-table-container, .output, .cell_output").forEach((e) => {
    e.style.overflow = "visible";
  });

  // 4. A reader's bibliography lists only the works its chapters cite.
  const unwrap = (a) => a.replaceWith(...a.childNodes);
  book.querySelectorAll('a[role="doc-backlink"]').forEach(unwrap);
  const targetOf = (a) => {
    const href = a.getAttribute("href");
    if (!href) return null;
    const url = new URL(href, location.href);
    return url.protocol === "file:" && url.hash ? decodeURIComponent(url.hash.slice(1)) : null;
  };
  if (spec.pruneBibliography) {
    const cited = new Set();
    for (const a of book.querySelectorAll(".pdf-chapter a[href]")) {
      if (a.closest(".citation")) continue;
      const id = targetOf(a);
      if (id) cited.add(id);
    }
    book.querySelectorAll(".citation").forEach((c) => { if (!cited.has(c.id)) c.remove(); });
    // The bibliography's opening paragraph speaks of the whole book: say what this list is.
    const intro = book.querySelector(`.pdf-chapter[data-doc="${spec.pruneBibliography}"] h1 ~ p`);
    if (intro && spec.bibliographyNote) intro.textContent = spec.bibliographyNote;
    // Sections of the bibliography left without an entry go too.
    for (const list of book.querySelectorAll(".citation-list")) {
      if (!list.querySelector(".citation")) list.closest("section").remove();
    }
  }

  // 5. Links: into the document, a PDF link; to a page or file left out, plain text.
  for (const a of book.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    const url = new URL(href, location.href);
    if (url.protocol !== "file:") continue;
    const id = targetOf(a);
    if (id && document.getElementById(id)) a.setAttribute("href", `#${id}`);
    else unwrap(a);
  }
  return {chapters: spec.chapters.length, figures: book.querySelectorAll("figure").length};
}
