// Page checks for tests/browser/test_accessibility.py, beside axe-core: what axe leaves out or
// cannot see. Injected with page.add_script_tag(path=...); each returns plain data to Python.
window.a11yChecks = (function () {
  "use strict";

  function describe(el) {
    var classes = typeof el.className === "string" ? el.className.trim().split(/\s+/) : [];
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      classes.filter(Boolean).map(function (c) { return "." + c; }).join("");
  }

  // Every id once, and every reference (label for, aria-describedby, aria-labelledby) to a real
  // id: a duplicate id ties a label to another form's field, a dangling one silences an error.
  function brokenIds() {
    var count = new Map();
    document.querySelectorAll("[id]").forEach(function (el) {
      count.set(el.id, (count.get(el.id) || 0) + 1);
    });
    var problems = [];
    count.forEach(function (n, id) { if (n > 1) { problems.push('duplicate id "' + id + '"'); } });
    var referring = "[aria-describedby], [aria-labelledby], label[for]";
    document.querySelectorAll(referring).forEach(function (el) {
      var refs = ["aria-describedby", "aria-labelledby", "for"].map(function (name) {
        return el.getAttribute(name) || "";
      });
      refs.join(" ").split(/\s+/).filter(Boolean).forEach(function (ref) {
        if (!count.has(ref)) { problems.push(describe(el) + ' points at no id "' + ref + '"'); }
      });
    });
    return problems;
  }

  // WCAG 3.3.1 and 1.3.1: each field's error list is named by the field's aria-describedby, and
  // each field marked invalid points at its error list, so a screen reader reads them together.
  function untiedErrors() {
    var problems = [];
    document.querySelectorAll(".field .errorlist").forEach(function (list) {
      var selector = '[aria-describedby~="' + CSS.escape(list.id) + '"]';
      if (!list.id || !document.querySelector(selector)) {
        problems.push("no field points at " + describe(list) + ": " + list.textContent.trim());
      }
    });
    document.querySelectorAll('[aria-invalid="true"]').forEach(function (field) {
      var refs = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      var lists = refs.map(function (ref) { return document.getElementById(ref); });
      if (!lists.some(function (el) { return el && el.classList.contains("errorlist"); })) {
        problems.push(describe(field) + " is invalid but names no error list");
      }
    });
    return problems;
  }

  function inScroller(node) {
    for (var n = node.parentElement; n && n !== document.body; n = n.parentElement) {
      if (getComputedStyle(n).overflowX !== "visible") { return true; }
    }
    return false;
  }

  // WCAG 1.4.10 reflow: the page itself never scrolls sideways; a wide data table may, inside
  // its own scroller. Names what sticks out, boxes and text (a long word overflows its box
  // without making the box any wider).
  function overflow() {
    var width = document.documentElement.clientWidth;
    var scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) { return []; }
    var wide = [];
    document.body.querySelectorAll("*").forEach(function (el) {
      if (el.getBoundingClientRect().right > width + 1 && !inScroller(el)) { wide.push(describe(el)); }
    });
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    while (walker.nextNode()) {
      var text = walker.currentNode;
      range.selectNodeContents(text);
      if (range.getBoundingClientRect().right > width + 1 && !inScroller(text)) {
        wide.push('"' + text.textContent.trim().slice(0, 40) + '" in ' + describe(text.parentElement));
      }
    }
    return ["page is " + scrollWidth + "px wide"].concat(wide.slice(0, 8));
  }

  // The focused element's outline and the colour right outside it, where the ring is drawn: the
  // first opaque background under that point that is not the element's own.
  function focusRing() {
    var el = document.activeElement;
    var style = getComputedStyle(el);
    var box = el.getBoundingClientRect();
    var x = box.left >= 5 ? box.left - 4 : box.right + 4;
    var behind = getComputedStyle(document.body).backgroundColor;
    var under = document.elementsFromPoint(x, box.top + box.height / 2);
    for (var i = 0; i < under.length; i++) {
      var colour = getComputedStyle(under[i]).backgroundColor;
      if (!el.contains(under[i]) && colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
        behind = colour;
        break;
      }
    }
    return {
      element: el === document.body ? "" : el.outerHTML.slice(0, 90),
      // Focus on the calendar button inside a date field: Chromium draws that ring itself.
      native: !el.matches(":focus"),
      width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
      colour: style.outlineColor,
      behind: behind,
    };
  }

  function axeViolations(tags) {
    return window.axe.run(document, { runOnly: { type: "tag", values: tags } }).then(function (r) {
      return r.violations.map(function (v) {
        return {
          id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
          nodes: v.nodes.map(function (n) {
            return { target: n.target.join(" "), summary: n.failureSummary };
          }),
        };
      });
    });
  }

  return {
    brokenIds: brokenIds, untiedErrors: untiedErrors, overflow: overflow, focusRing: focusRing,
    axe: axeViolations,
  };
})();
