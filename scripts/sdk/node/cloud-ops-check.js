// Temporal's TypeScript SDK (@temporalio/cloud) as a real client of the Cloud Ops emulator.
//
// CloudOperationsConnection insists on TLS when an API key is set and takes no CA: grpc-js reads
// the CA to trust from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, which scripts/sdk-check.sh points at the
// test CA. Lists namespaces, creates a namespace and waits for its async operation, reads it back,
// creates a user, gets a NOT_FOUND with the right code, and pages through users. Exits non-zero on
// the first failed expectation.
//
// Usage: GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=ca.pem node cloud-ops-check.js --address 127.0.0.1:7234 --api-key KEY
'use strict';

const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');
const { status } = require('@grpc/grpc-js');
const { CloudOperationsClient, CloudOperationsConnection } = require('@temporalio/cloud');
const { temporal } = require('@temporalio/proto');

// The Cloud Ops API release this SDK's bundled protos come from (they have no projects: before
// v0.18). An older client sends its own version; the emulator serves every release up to its own.
const API_VERSION = 'v0.17.0';
const { AsyncOperation } = temporal.api.cloud.operation.v1;
const { ResourceState } = temporal.api.cloud.resource.v1;
const { AccountAccess } = temporal.api.cloud.identity.v1;

function check(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`  ok: ${what}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GetAsyncOperation until the operation is done; it must be FULFILLED. */
async function wait(cloud, operation, what) {
  const deadline = Date.now() + 30_000;
  const running = [AsyncOperation.State.STATE_PENDING, AsyncOperation.State.STATE_IN_PROGRESS];
  while (running.includes(operation.state)) {
    if (Date.now() > deadline) throw new Error(`${what}: operation ${operation.id} still ${operation.state} after 30 s`);
    await sleep(200);
    operation = (await cloud.getAsyncOperation({ asyncOperationId: operation.id })).asyncOperation;
  }
  check(operation.state === AsyncOperation.State.STATE_FULFILLED, `${what}: operation ${operation.id} fulfilled`);
}

async function main() {
  const { values } = parseArgs({ options: { address: { type: 'string' }, 'api-key': { type: 'string' } } });
  if (!values.address || !values['api-key']) throw new Error('usage: --address HOST:PORT --api-key KEY');
  const connection = await CloudOperationsConnection.connect({
    address: values.address,
    apiKey: values['api-key'],
    metadata: { 'temporal-cloud-api-version': API_VERSION },
  });
  const client = new CloudOperationsClient({ connection, apiVersion: API_VERSION });
  const cloud = client.cloudService;
  console.log(`connected to ${values.address} (TLS, CA from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH)`);

  const listed = await cloud.getNamespaces({});
  const names = listed.namespaces.map((ns) => ns.namespace);
  check(names.includes('payments.a1b2c'), `the demo namespaces are listed: ${names}`);

  const name = `ts-${randomUUID().slice(0, 8)}`;
  const spec = { name, regions: ['aws-us-east-1'], retentionDays: 14, apiKeyAuth: { enabled: true } };
  const created = await cloud.createNamespace({ spec, asyncOperationId: `ts-${name}` });
  check(created.namespace.startsWith(`${name}.`), `CreateNamespace names ${created.namespace}`);
  await wait(cloud, created.asyncOperation, 'CreateNamespace');
  const read = (await cloud.getNamespace({ namespace: created.namespace })).namespace;
  check(read.state === ResourceState.RESOURCE_STATE_ACTIVE, `${read.namespace} is active`);
  check(read.spec.retentionDays === 14, 'its retention is the one created');
  check(read.spec.regions.join() === 'aws-us-east-1', `its region is the one created: ${read.spec.regions}`);

  const userSpec = { email: `${name}@example.com`, access: { accountAccess: { role: AccountAccess.Role.ROLE_READ } } };
  const user = await cloud.createUser({ spec: userSpec });
  await wait(cloud, user.asyncOperation, 'CreateUser');

  let missing;
  try {
    await cloud.getUser({ userId: 'no-such-user' });
  } catch (e) {
    missing = e;
  }
  check(missing !== undefined, 'GetUser of a missing user fails');
  check(missing.code === status.NOT_FOUND, `a missing user is NOT_FOUND (${missing.code}: ${missing.details})`);

  const seen = [];
  let pageToken = '';
  let pages = 0;
  do {
    const page = await cloud.getUsers({ pageSize: 2, pageToken });
    pages += 1;
    check(page.users.length <= 2, `page ${pages} holds at most 2 users`);
    seen.push(...page.users.map((u) => u.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  const everyone = (await cloud.getUsers({ pageSize: 1000 })).users.map((u) => u.id);
  check(new Set(seen).size === seen.length, `${pages} pages repeat no user`);
  check(seen.slice().sort().join() === everyone.sort().join(), `the pages hold every user (${seen.length})`);
  check(seen.includes(user.userId), 'the new user is among them');
  connection.client.close();
  console.log('node SDK check: passed');
}

main().catch((e) => {
  console.error(`node SDK check: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
