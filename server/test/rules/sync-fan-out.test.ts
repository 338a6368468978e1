import { ruleTester } from '../helpers/ruleTester';

const tail = 'it answers only when all of them have answered and fails when any of them fails; send what the answer does not need as messages (~>), or put related calls behind one service';

ruleTester('sync-fan-out', {
  valid: [
    { name: 'exactly max synchronous calls', files: 'service A\nservice B\nservice C\nservice D\nA -> B\nA -> C\nA -> D' },
    {
      name: 'asynchronous links are not counted',
      files: 'service A\nservice B\nservice C\nservice D\nservice E\ntopic T\nA -> B\nA -> C\nA -> D\nA ~> T\nA ~> E\nA ~> B',
    },
    {
      name: 'links that are not valid are not counted',
      files: 'service A\nservice B\nservice C\nservice D\nqueue Q\nA -> B\nA -> C\nA -> D\nA -> Q\nA -> Nowhere\nA -> A',
    },
    { name: 'a larger max', files: 'service A\nservice B\nservice C\nservice D\nservice E\nA -> B\nA -> C\nA -> D\nA -> E', options: { max: 4 } },
  ],
  invalid: [
    {
      name: 'four calls, reported on the caller’s name',
      files: 'service A\nservice B\nservice C\nservice D\nservice E\nA -> B\nA -> C\nA -> D\nA -> E',
      findings: [
        {
          at: '1:9-1:10',
          message: `'A' makes 4 synchronous calls (max 3): ${tail}`,
          related: ['A -> B', 'A -> C', 'A -> D', 'A -> E'],
          fixed: null,
        },
      ],
    },
    {
      name: 'stores, externals and chain hops count; parallel calls too',
      files: 'group Shop {\n  gateway Api { parallel: true }\n}\nservice B\ndatabase Db\ncache C\nexternal X\nApi -> B -> Db\nApi -> Db\nApi -> C\nApi -> X',
      findings: [
        {
          at: '2:11-2:14',
          message: `'Api' makes 4 synchronous calls (max 3): ${tail}`,
          related: ['Api -> B', 'Api -> Db', 'Api -> C', 'Api -> X'],
        },
      ],
    },
    {
      name: 'calls declared in another file, with a smaller max',
      files: { 'a.topo': 'actor U\nservice B\nservice C', 'b.topo': 'U -> B\nU -> C' },
      options: { max: 1 },
      findings: [{ path: 'a.topo', at: '1:7-1:8', message: `'U' makes 2 synchronous calls (max 1): ${tail}`, related: ['U -> B', 'U -> C'] }],
    },
  ],
});
