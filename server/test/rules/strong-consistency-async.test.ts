import { ruleTester } from '../helpers/ruleTester';

const message = (from: string, to: string): string =>
  `'${from}' sends '${to}' an asynchronous message on a link that needs strong consistency: '${from}' moves on before '${to}' has the data, so the next step may act on stale state; make the call synchronous ('->') or relax it to 'consistency: eventual'`;

ruleTester('strong-consistency-async', {
  valid: [
    { name: 'a synchronous call that needs strong consistency', files: 'service Orders\nservice Inventory\nOrders -> Inventory { timeout: 300ms, consistency: strong }' },
    { name: 'an asynchronous link that accepts eventual consistency', files: 'service Orders\ntopic Events\nOrders ~> Events { consistency: eventual }' },
    { name: 'an asynchronous link that says nothing', files: 'service Orders\ntopic Events\nOrders ~> Events' },
    { name: 'a quoted "strong" is invalid-property’s finding', files: 'service Orders\nservice Inventory\nOrders ~> Inventory { consistency: "strong" }' },
    { name: 'an invalid link is not judged', files: 'service Orders\nOrders ~> Orders { consistency: strong }' },
  ],
  invalid: [
    {
      name: 'a direct message between two services becomes a call',
      files: 'service Orders\nservice Inventory\nOrders ~> Inventory "reserve stock" { consistency: strong }',
      findings: [
        {
          at: '3:1-3:20',
          message: message('Orders', 'Inventory'),
          fixed: 'service Orders\nservice Inventory\nOrders -> Inventory "reserve stock" { consistency: strong }',
        },
      ],
    },
    {
      name: "a chain's properties apply to every hop: only the asynchronous hop is flagged",
      files: 'actor U\nservice A\nservice B\nU -> A ~> B { consistency: strong }',
      findings: [{ at: '4:6-4:12', message: message('A', 'B'), fixed: 'actor U\nservice A\nservice B\nU -> A -> B { consistency: strong }' }],
    },
    {
      name: 'two asynchronous hops: each fix changes its own arrow',
      files: 'service A\nservice B\nservice C\nA ~> B ~> C { consistency: strong }',
      findings: [
        { at: '4:1-4:7', message: message('A', 'B'), fixed: 'service A\nservice B\nservice C\nA -> B ~> C { consistency: strong }' },
        { at: '4:6-4:12', message: message('B', 'C'), fixed: 'service A\nservice B\nservice C\nA ~> B -> C { consistency: strong }' },
      ],
    },
    {
      name: 'through a channel: no fix, a channel cannot take or make a call',
      files: 'service Orders\nqueue Reservations\nservice Inventory\nOrders ~> Reservations ~> Inventory { consistency: strong }',
      findings: [
        { at: '4:1-4:23', message: message('Orders', 'Reservations'), fixed: null },
        { at: '4:11-4:36', message: message('Reservations', 'Inventory'), fixed: null },
      ],
    },
    {
      name: 'into an entry: no fix, nothing calls an entry',
      files: 'service Orders\nclient App\nOrders ~> App { consistency: strong }',
      findings: [{ at: '3:1-3:14', fixed: null }],
    },
    {
      name: 'the pair already has a synchronous call: no fix, it would repeat it',
      files: 'service Orders\nservice Inventory\nOrders -> Inventory { timeout: 1s }\nOrders ~> Inventory { consistency: strong }',
      findings: [{ at: '4:1-4:20', fixed: null }],
    },
    {
      name: "an awaited hop: its own message, no fix ('await' does not belong on a call)",
      files: 'service Orders\nservice Inventory\nOrders ~> Inventory { await: true, timeout: 2s, consistency: strong }',
      findings: [
        {
          at: '3:1-3:20',
          message:
            "'Orders' awaits 'Inventory' over messaging on a link that needs strong consistency: the reply travels through a channel that can delay, redeliver or reorder it; make the call synchronous ('->') or relax it to 'consistency: eventual'",
          fixed: null,
        },
      ],
    },
    {
      name: "a consumer's dlq: no fix ('dlq' does not belong on a call)",
      files: 'service Orders\nservice Inventory\nqueue Dead { monitored: true }\nOrders ~> Inventory { consistency: strong, dlq: Dead }',
      findings: [{ at: '4:1-4:20', fixed: null }],
    },
  ],
});
