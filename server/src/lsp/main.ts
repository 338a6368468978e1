// Entry point of dist/server.js: `node dist/server.js --stdio`. stdout carries only
// LSP messages; logs go through the connection's console.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TopoServer } from './server';

const connection = createConnection(ProposedFeatures.all);
new TopoServer(connection);
connection.listen();
