/**
 * A stand-in for Stripe.js (https://js.stripe.com/v3/), which cannot be loaded here, served by the
 * development payment provider at `/v3/`. It offers the part of Stripe.js's API the dapp uses, with
 * the same shapes: `Stripe(publishableKey)`, `stripe.elements({ clientSecret, locale })`,
 * `elements.create("payment")` (a Payment Element: card number, expiry and CVC, validated as Stripe
 * validates them, with its `ready`/`change` events, `mount`, `destroy`), and
 * `stripe.confirmPayment({ elements, redirect: "if_required" })`, which confirms the PaymentIntent with
 * its client secret and the card (`payment_method_data[card][...]`, as Stripe.js sends them) and
 * resolves `{ paymentIntent }` or `{ error }`. Stripe's test card numbers decide the outcome
 * (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0259 is disputed).
 * Kept as a string: it runs in the page, not in Node.
 */
export const STRIPE_JS_STANDIN = String.raw`(() => {
  const api = new URL(document.currentScript.src).origin;
  const TEXT = {
    en: { number: "Card number", expiry: "Expiration date", cvc: "Security code", incompleteNumber: "Your card number is incomplete.", invalidNumber: "Your card number is invalid.", incompleteExpiry: "Your card's expiration date is incomplete.", pastExpiry: "Your card's expiration year is in the past.", incompleteCvc: "Your card's security code is incomplete." },
    ko: { number: "카드 번호", expiry: "만료일", cvc: "보안 코드", incompleteNumber: "카드 번호가 불완전합니다.", invalidNumber: "카드 번호가 유효하지 않습니다.", incompleteExpiry: "카드 만료일이 불완전합니다.", pastExpiry: "카드 만료 연도가 지났습니다.", incompleteCvc: "카드 보안 코드가 불완전합니다." },
  };
  const luhn = (digits) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  };
  function paymentElement(locale) {
    const text = TEXT[locale] || TEXT.en;
    const listeners = {};
    let container;
    const emit = (event, payload) => (listeners[event] || []).forEach((listener) => listener(payload));
    const field = (name) => container.querySelector("[data-field=" + name + "]");
    const values = () => ({ number: field("number").value.replace(/\D/g, ""), expiry: field("expiry").value.replace(/\D/g, ""), cvc: field("cvc").value.replace(/\D/g, "") });
    const validate = () => {
      const v = values();
      if (v.number.length < 15) return { type: "validation_error", code: "incomplete_number", message: text.incompleteNumber };
      if (!luhn(v.number)) return { type: "validation_error", code: "invalid_number", message: text.invalidNumber };
      if (v.expiry.length !== 4) return { type: "validation_error", code: "incomplete_expiry", message: text.incompleteExpiry };
      const month = Number(v.expiry.slice(0, 2)), year = 2000 + Number(v.expiry.slice(2));
      const now = new Date();
      if (month < 1 || month > 12 || year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) return { type: "validation_error", code: "invalid_expiry_year_past", message: text.pastExpiry };
      if (v.cvc.length < 3) return { type: "validation_error", code: "incomplete_cvc", message: text.incompleteCvc };
      return undefined;
    };
    const element = {
      mount(target) {
        container = typeof target === "string" ? document.querySelector(target) : target;
        const id = "stripe-" + Math.random().toString(36).slice(2);
        container.innerHTML =
          '<div class="stripe-payment-element">' +
          '<label for="' + id + '-number">' + text.number + '</label><input id="' + id + '-number" data-field="number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">' +
          '<div class="stripe-row"><div><label for="' + id + '-expiry">' + text.expiry + '</label><input id="' + id + '-expiry" data-field="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"></div>' +
          '<div><label for="' + id + '-cvc">' + text.cvc + '</label><input id="' + id + '-cvc" data-field="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div></div></div>';
        container.addEventListener("input", () => emit("change", { elementType: "payment", empty: values().number === "", complete: validate() === undefined }));
        setTimeout(() => emit("ready", { elementType: "payment" }));
        return element;
      },
      on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); return element; },
      off(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); return element; },
      unmount() { if (container) container.innerHTML = ""; },
      destroy() { element.unmount(); container = undefined; },
      _values: values,
      _validate: validate,
    };
    return element;
  }
  window.Stripe = function Stripe(publishableKey, options) {
    const locale = (options && options.locale) || "en";
    return {
      elements(options) {
        const elements = {
          _clientSecret: options.clientSecret,
          _payment: undefined,
          create(type) {
            if (type !== "payment") throw new Error("this stand-in of Stripe.js offers the Payment Element only");
            return (elements._payment = paymentElement(options.locale || locale));
          },
          async submit() {
            const error = elements._payment && elements._payment._validate();
            return error ? { error } : {};
          },
        };
        return elements;
      },
      async confirmPayment({ elements }) {
        const invalid = elements._payment._validate();
        if (invalid) return { error: invalid };
        const v = elements._payment._values();
        const secret = elements._clientSecret;
        const body = new URLSearchParams({
          key: publishableKey,
          client_secret: secret,
          "payment_method_data[type]": "card",
          "payment_method_data[card][number]": v.number,
          "payment_method_data[card][exp_month]": v.expiry.slice(0, 2),
          "payment_method_data[card][exp_year]": "20" + v.expiry.slice(2),
          "payment_method_data[card][cvc]": v.cvc,
        });
        const res = await fetch(api + "/v1/payment_intents/" + secret.split("_secret_")[0] + "/confirm", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
        const json = await res.json();
        return res.ok ? { paymentIntent: json } : { error: json.error };
      },
    };
  };
})();`;
