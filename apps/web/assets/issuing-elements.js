// Stripe Issuing Elements: the card's number and security code are drawn by Stripe in frames on this
// page. Kinwell's server only makes a short-lived key bound to a nonce this browser asked Stripe for,
// so the number never passes through Kinwell.
const box = document.getElementById('issuing-card');
if (box && window.Stripe) {
  const stripe = window.Stripe(box.dataset.publishableKey);
  const issuingCard = box.dataset.card;
  stripe
    .createEphemeralKeyNonce({ issuingCard })
    .then(({ nonce }) =>
      fetch(box.dataset.keyUrl, {
        method: 'POST',
        body: new URLSearchParams({ nonce, _csrf: box.dataset.csrf }),
        credentials: 'same-origin',
      })
        .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
        .then(({ secret }) => {
          const elements = stripe.elements();
          const options = { issuingCard, nonce, ephemeralKeySecret: secret };
          elements.create('issuingCardNumberDisplay', options).mount('#issuing-card-number');
          elements.create('issuingCardCvcDisplay', options).mount('#issuing-card-cvc');
        }),
    )
    .catch(() => {
      box.querySelector('p').textContent = box.dataset.failed || box.querySelector('p').textContent;
    });
}
