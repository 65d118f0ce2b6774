"""Temporal's Python SDK (temporalio) as a real client of the Cloud Ops emulator.

Connects with CloudOperationsClient's default options (gzip included; its core calls
WorkflowService/GetSystemInfo first), then: lists namespaces, creates a namespace and waits for its
async operation, reads it back, creates a user, gets a NOT_FOUND with the right code, and pages
through users. Run by scripts/sdk-check.sh; exits non-zero on the first failed expectation.

Usage: python cloud_ops_check.py --target 127.0.0.1:7233 --api-key KEY [--ca ca.pem]
"""

import argparse
import asyncio
import os
import sys
import time
import uuid

from temporalio.api.cloud.cloudservice.v1 import (
    CreateNamespaceRequest,
    CreateUserRequest,
    GetAsyncOperationRequest,
    GetNamespaceRequest,
    GetNamespacesRequest,
    GetUserRequest,
    GetUsersRequest,
)
from temporalio.api.cloud.identity.v1 import Access, AccountAccess, UserSpec
from temporalio.api.cloud.namespace.v1 import ApiKeyAuthSpec, NamespaceSpec
from temporalio.api.cloud.operation.v1 import AsyncOperation
from temporalio.api.cloud.resource.v1 import ResourceState
from temporalio.client import CloudOperationsClient
from temporalio.service import RPCError, RPCStatusCode, TLSConfig

# The Cloud Ops API release this SDK's bundled protos come from (they have no projects: before
# v0.18). An older client sends its own version; the emulator serves every release up to its own.
API_VERSION = "v0.17.0"


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"  ok: {what}")


async def wait(cloud, operation, what):
    """Polls GetAsyncOperation until the operation is done; it must be FULFILLED."""
    deadline = time.monotonic() + 30
    while operation.state in (AsyncOperation.STATE_PENDING, AsyncOperation.STATE_IN_PROGRESS):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: operation {operation.id} still {operation.state} after 30 s")
        await asyncio.sleep(0.2)
        answer = await cloud.get_async_operation(GetAsyncOperationRequest(async_operation_id=operation.id))
        operation = answer.async_operation
    check(operation.state == AsyncOperation.STATE_FULFILLED, f"{what}: operation {operation.id} fulfilled")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--ca", help="PEM CA to trust (TLS); plaintext without it")
    args = parser.parse_args()
    tls = False
    if args.ca:
        with open(args.ca, "rb") as f:
            tls = TLSConfig(server_root_ca_cert=f.read(), domain="localhost")

    client = await CloudOperationsClient.connect(
        api_key=args.api_key, version=API_VERSION, target_host=args.target, tls=tls
    )
    cloud = client.cloud_service
    print(f"connected to {args.target} ({'TLS' if tls else 'plaintext'}, gzip requests)")

    listed = await cloud.get_namespaces(GetNamespacesRequest())
    names = [ns.namespace for ns in listed.namespaces]
    check("payments.a1b2c" in names, f"the demo namespaces are listed: {names}")

    name = f"py-{uuid.uuid4().hex[:8]}"
    spec = NamespaceSpec(
        name=name,
        regions=["aws-us-east-1"],
        retention_days=14,
        api_key_auth=ApiKeyAuthSpec(enabled=True),
    )
    created = await cloud.create_namespace(CreateNamespaceRequest(spec=spec, async_operation_id=f"py-{name}"))
    check(created.namespace.startswith(f"{name}."), f"CreateNamespace names {created.namespace}")
    await wait(cloud, created.async_operation, "CreateNamespace")
    read = (await cloud.get_namespace(GetNamespaceRequest(namespace=created.namespace))).namespace
    check(read.state == ResourceState.RESOURCE_STATE_ACTIVE, f"{read.namespace} is active")
    check(read.spec.retention_days == 14, "its retention is the one created")
    check(list(read.spec.regions) == ["aws-us-east-1"], f"its region is the one created: {list(read.spec.regions)}")

    email = f"{name}@example.com"
    user_spec = UserSpec(email=email, access=Access(account_access=AccountAccess(role=AccountAccess.ROLE_READ)))
    user = await cloud.create_user(CreateUserRequest(spec=user_spec))
    await wait(cloud, user.async_operation, "CreateUser")

    try:
        await cloud.get_user(GetUserRequest(user_id="no-such-user"))
        raise AssertionError("GetUser of a missing user succeeded")
    except RPCError as e:
        check(e.status == RPCStatusCode.NOT_FOUND, f"a missing user is NOT_FOUND ({e.status.name}: {e.message})")

    seen, token, pages = [], "", 0
    while True:
        page = await cloud.get_users(GetUsersRequest(page_size=2, page_token=token))
        pages += 1
        check(len(page.users) <= 2, f"page {pages} holds at most 2 users")
        seen += [u.id for u in page.users]
        token = page.next_page_token
        if not token:
            break
    everyone = await cloud.get_users(GetUsersRequest(page_size=1000))
    check(len(seen) == len(set(seen)), f"{pages} pages repeat no user")
    check(sorted(seen) == sorted(u.id for u in everyone.users), f"the pages hold every user ({len(seen)})")
    check(user.user_id in seen, "the new user is among them")
    print("python SDK check: passed")


if __name__ == "__main__":
    status = 0
    try:
        asyncio.run(main())
    except Exception as e:  # noqa: BLE001 - report and fail
        print(f"python SDK check: FAILED: {e!r}", file=sys.stderr)
        status = 1
    # temporalio 1.35's native runtime sometimes crashes while the interpreter tears down after a TLS
    # connection (SIGSEGV or SIGABRT in about 1 run of 4 here, every check already passed and
    # printed): the verdict is known, so leave without the teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
