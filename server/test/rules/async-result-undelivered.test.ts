import { ruleTester } from '../helpers/ruleTester';

const message = (entry: string, to: string): string =>
  `'${entry}' sends '${to}' a message asynchronously and nothing links back to '${entry}': the user never learns the outcome of that work; deliver it with an asynchronous link into '${entry}' (push, e-mail, websocket)`;

ruleTester('async-result-undelivered', {
  valid: [
    {
      name: 'the result is delivered back to the entry',
      files: 'actor Customer\nqueue Uploads\nworker Thumbs\nCustomer ~> Uploads\nUploads ~> Thumbs\nThumbs ~> Customer "your thumbnails are ready"',
    },
    { name: 'an entry that only calls synchronously', files: 'actor Customer\nservice Api\nCustomer -> Api' },
    { name: 'an awaited hop is request/reply: its reply is the delivery', files: 'client App\nservice Render\nApp ~> Render { await: true }' },
    { name: 'a service that publishes is not an entry', files: 'service Orders\ntopic Events\nOrders ~> Events' },
    { name: 'a message to an undeclared element is unknown-element’s finding', files: 'actor Customer\nCustomer ~> Nowhere' },
  ],
  invalid: [
    {
      name: 'a fire-and-forget upload',
      files: 'actor Customer\nqueue Uploads\nworker Thumbs\nCustomer ~> Uploads\nUploads ~> Thumbs',
      findings: [{ at: '4:1-4:20', message: message('Customer', 'Uploads'), related: [], fixed: null }],
    },
    {
      name: 'one diagnostic on the first asynchronous link, the others related; sync calls out do not deliver',
      files: 'client App\nservice Api\nqueue Jobs\ntopic Events\nApp -> Api\nApp ~> Jobs\nApp ~> Events',
      findings: [{ at: '6:1-6:12', message: message('App', 'Jobs'), related: ['App ~> Events'] }],
    },
    {
      name: 'source order across files is path order',
      files: { 'b.topo': 'queue Q1\nqueue Q2\nU ~> Q2', 'a.topo': 'actor U\nU ~> Q1' },
      findings: [{ path: 'a.topo', at: '2:1-2:8', message: message('U', 'Q1'), related: ['U ~> Q2'] }],
    },
    {
      name: 'an invalid link into the entry delivers nothing',
      files: 'actor Customer\nqueue Uploads\nservice Thumbs\nCustomer ~> Uploads\nUploads ~> Thumbs\nThumbs -> Customer',
      findings: [{ at: '4:1-4:20', message: message('Customer', 'Uploads') }],
    },
  ],
});
