// The spend form (templates/projects/report_form.html): on a simplified-cost line the
// amount is quantity × rate; it is computed and shown as the quantity is typed, and the
// quantity box is shown only for such lines. Each line's rate, unit and euros left come
// from the form's data-rates attribute ({line id: {rate, unit, left}}).
import { t } from "./i18n.js";

const form = document.querySelector("form[data-report-amount]");

function cents(text) {
  const cleaned = String(text || "").trim().replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, part = ""] = cleaned.split(".");
  return BigInt(whole) * 100n + BigInt((part + "00").slice(0, 2));
}

function euros(value) {
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

if (form) {
  let rates = {};
  try {
    rates = JSON.parse(form.dataset.rates || "{}");
  } catch {
    rates = {};
  }
  const line = form.querySelector("[data-line]");
  const quantity = form.querySelector("[data-quantity]");
  const amount = form.querySelector("[data-amount]");
  const box = form.querySelector("[data-quantity-box]");
  const out = form.querySelector("[data-computed]");

  const update = () => {
    const info = rates[line.value] || {};
    const simplified = Boolean(info.rate);
    box.hidden = !simplified;
    amount.readOnly = simplified;
    const left = info.left ? t("reports_left", { left: info.left }) : "";
    if (!simplified) {
      out.textContent = left;
      return;
    }
    const q = cents(quantity.value);
    const rate = cents(info.rate);
    if (q === null || rate === null) {
      amount.value = "";
      out.textContent = left;
      return;
    }
    // quantity (cents) × rate (cents) / 100 = amount in cents, rounded half up
    const product = q * rate;
    const value = (product + 50n) / 100n;
    amount.value = euros(value);
    const text = t("reports_computed", { quantity: quantity.value.trim(), rate: info.rate, amount: euros(value) });
    out.textContent = left ? `${text} · ${left}` : text;
  };

  line.addEventListener("change", update);
  quantity.addEventListener("input", update);
  update();
}
