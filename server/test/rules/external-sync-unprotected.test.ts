import { ruleTester } from '../helpers/ruleTester';

const message = (from: string, to: string): string =>
  `'${from}' calls the external '${to}' synchronously with neither a circuit breaker nor a timeout: when '${to}' slows down or fails, '${from}' waits on it and the failure spreads to its callers; add 'circuit_breaker: true' or a timeout`;

ruleTester('external-sync-unprotected', {
  valid: [
    { name: 'a timeout protects the call', files: 'service Payments\nexternal Stripe\nPayments -> Stripe { timeout: 5s }' },
    { name: 'a circuit breaker protects the call', files: 'client App\nexternal Maps\nApp -> Maps { circuit_breaker: true }' },
    { name: 'an asynchronous message to an external party', files: 'service Orders\nexternal Crm\nOrders ~> Crm' },
    { name: 'a call to a service that is not external', files: 'client App\nservice Api\nApp -> Api' },
    { name: 'a call from an external party', files: 'external Stripe\nservice Hooks\nStripe -> Hooks { timeout: 1s }' },
    { name: 'an invalid link is not judged', files: 'service Payments\nexternal Stripe\nPayments -> Stripe { timeout: 5s }\nPayments -> Stripe' },
  ],
  invalid: [
    {
      name: 'a service calls a payment provider',
      files: 'service Payments\nexternal Stripe\nPayments -> Stripe',
      findings: [{ at: '3:1-3:19', message: message('Payments', 'Stripe'), fixed: 'service Payments\nexternal Stripe\nPayments -> Stripe { circuit_breaker: true }' }],
    },
    {
      name: "'circuit_breaker: false' is set to true",
      files: 'client App\nexternal Maps\nApp -> Maps "route" { circuit_breaker: false }',
      findings: [{ at: '3:1-3:12', message: message('App', 'Maps'), fixed: 'client App\nexternal Maps\nApp -> Maps "route" { circuit_breaker: true }' }],
    },
    {
      name: 'each external hop of a chain; the fix goes into the shared block',
      files: 'actor U\nservice A\nexternal X\nexternal Y\nU -> A -> X -> Y { protocol: https }',
      findings: [
        { at: '5:6-5:12', message: message('A', 'X'), fixed: 'actor U\nservice A\nexternal X\nexternal Y\nU -> A -> X -> Y { protocol: https, circuit_breaker: true }' },
        { at: '5:11-5:17', message: message('X', 'Y'), fixed: 'actor U\nservice A\nexternal X\nexternal Y\nU -> A -> X -> Y { protocol: https, circuit_breaker: true }' },
      ],
    },
    {
      name: 'a multi-line block keeps its layout',
      files: 'service Payments\nexternal Stripe\nPayments -> Stripe {\n  protocol: https\n  retries: 2\n}',
      findings: [{ at: '3:1-3:19', fixed: 'service Payments\nexternal Stripe\nPayments -> Stripe {\n  protocol: https\n  retries: 2\n  circuit_breaker: true\n}' }],
    },
  ],
});
