import { ruleTester } from '../helpers/ruleTester';

const advice = 'make the weakest elements more available (replicas, failover) or take them off the synchronous path (~>)';

ruleTester('availability-budget', {
  valid: [
    { name: 'a request exactly at its slo', files: 'actor U { slo: 99.9% }\nservice A { availability: 99.9% }\nU -> A' },
    { name: 'missing availabilities count as 100%', files: 'actor U { slo: 99.99% }\nservice A\ndatabase Db\nU -> A\nA -> Db { timeout: 1s }' },
    {
      name: 'a shared dependency on a diamond counts once',
      // 99.99% × 99.95% = 99.94%; counting Db on both paths would give 99.89%.
      files:
        'actor U { slo: 99.9% }\nservice A { availability: 99.99% }\nservice B\nservice C\ndatabase Db { availability: 99.95% }\nU -> A\nA -> B { timeout: 1s }\nA -> C { timeout: 1s }\nB -> Db { timeout: 1s }\nC -> Db { timeout: 1s }',
    },
    {
      name: 'what sits behind an asynchronous link does not count',
      files: 'actor U { slo: 99.9% }\nservice A\nqueue Q\nworker W { availability: 90% }\nU -> A\nA ~> Q\nQ ~> W',
    },
    { name: 'an entry without an slo', files: 'actor U\nservice A { availability: 90% }\nU -> A' },
  ],
  invalid: [
    {
      name: 'the composite of a gateway and a service',
      files: 'actor U { slo: 99.9% }\ngateway Api { availability: 99.95% }\nservice Orders { availability: 99.9% }\nU -> Api\nApi -> Orders { timeout: 1s }',
      findings: [
        {
          at: '4:1-4:9',
          message: `'U' -> 'Api' is available 99.85% of the time, below the 99.9% slo of 'U' (weakest: 'Orders' 99.9%, 'Api' 99.95%); ${advice}`,
          fixed: null,
        },
      ],
    },
    {
      name: 'more decimals where two would round up to the slo',
      // 99.95% × 99.9496% = 99.8996252%
      files: 'client App { slo: 99.9% }\nservice A { availability: 99.95% }\nservice B { availability: 99.9496% }\nApp -> A -> B',
      findings: [
        {
          at: '4:1-4:9',
          message: `'App' -> 'A' is available 99.8996% of the time, below the 99.9% slo of 'App' (weakest: 'B' 99.9496%, 'A' 99.95%); ${advice}`,
        },
      ],
    },
    {
      name: 'the three weakest of many, each request of the entry separately',
      // A: 99.9 × 99.5 × 99.8 × 99 × 99.99 ≈ 98.2%; Search alone: 99.95%, above 99.9%.
      files:
        'actor U { slo: 99.9% }\nservice A { availability: 99.9% }\nservice B { availability: 99.5% }\nservice C { availability: 99.8% }\ndatabase D { availability: 99% }\ncache E { availability: 99.99% }\nservice Search { availability: 99.95% }\nU -> A\nU -> Search\nA -> B -> D\nA -> C -> D\nC -> E',
      findings: [
        {
          at: '8:1-8:7',
          message: `'U' -> 'A' is available 98.2% of the time, below the 99.9% slo of 'U' (weakest: 'D' 99%, 'B' 99.5%, 'C' 99.8%); ${advice}`,
        },
      ],
    },
    {
      name: 'two entries calling one gateway, across files',
      files: {
        'a.topo': 'actor Shopper { slo: 99.9% }\nclient Mobile { slo: 99% }\nclient Web { slo: 99.95% }\nShopper -> Api\nMobile -> Api\nWeb -> Api',
        'b.topo': 'gateway Api { availability: 99.99% }\nservice Orders { availability: 99.9% }\nApi -> Orders { timeout: 1s }',
      },
      findings: [
        {
          path: 'a.topo',
          at: '4:1-4:15',
          message: `'Shopper' -> 'Api' is available 99.89% of the time, below the 99.9% slo of 'Shopper' (weakest: 'Orders' 99.9%, 'Api' 99.99%); ${advice}`,
        },
        {
          path: 'a.topo',
          at: '6:1-6:11',
          message: `'Web' -> 'Api' is available 99.89% of the time, below the 99.95% slo of 'Web' (weakest: 'Orders' 99.9%, 'Api' 99.99%); ${advice}`,
        },
      ],
    },
  ],
});
