#!/usr/bin/env bash
# Writes the TLS test fixtures in tests/fixtures/tls: a test CA, two server certificates it
# signed (gateway-a, gateway-b) for localhost and 127.0.0.1, and a client certificate (client, for
# mTLS to an upstream), valid for 100 years. Test-only keys:
# never use them for anything else. Rerun to replace them; the tests read whatever is there.
set -euo pipefail
dir="$(dirname "$0")/../tests/fixtures/tls"
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 \
    -subj "/CN=cloud-ops-gateway test CA" -keyout ca.key -out ca.pem 2>/dev/null
for name in gateway-a gateway-b client; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$name.ext"
    if [ "$name" = client ]; then
        printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > "$name.ext"
    fi
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 36500 \
        -extfile "$name.ext" -out "$name.pem" 2>/dev/null
    rm "$name.csr" "$name.ext"
done
rm -f ca.key ca.srl
echo "wrote $(pwd): ca.pem gateway-a.{pem,key} gateway-b.{pem,key} client.{pem,key}"
