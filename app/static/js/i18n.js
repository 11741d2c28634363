// The page's words, translated by the server: every page has at most one
// <script type="application/json" id="page-strings"> block (rendered by base.html from what
// the templates gave the `js_strings` macro, _macros/strings.html). It is data, not script,
// so the strict CSP allows it.
//
//   t("votes_left", { n: 3, total: 5 })   -> "Voti rimasti: 3 su 5"
//   t("votes", { num: 1 })                 -> "1 voto"   (a plural: {"one": …, "other": …})
//
// `%(name)s` placeholders are filled from `vars`; a plural string picks its form from
// `vars.num` with the page language's plural rules. A missing key shows the key itself.

let strings = null;

function load() {
  if (strings) return strings;
  const block = document.getElementById("page-strings");
  try {
    strings = block ? JSON.parse(block.textContent) : {};
  } catch {
    strings = {};
  }
  return strings;
}

function pluralForm(forms, num) {
  const rule = new Intl.PluralRules(document.documentElement.lang || "it").select(Number(num));
  return forms[rule] ?? forms.other ?? forms.one ?? "";
}

export function t(key, vars = {}) {
  let text = load()[key];
  if (text && typeof text === "object") text = pluralForm(text, vars.num);
  if (text === undefined || text === null) text = key;
  return String(text).replace(/%\((\w+)\)s/g, (_, name) => String(vars[name] ?? ""));
}
