#include "tests/harness/certs.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace medbrief::testing {

const Certificates& Certificates::Get() {
  static const Certificates* const kCerts = new Certificates();
  return *kCerts;
}

std::string Certificates::Read(const std::string& name) const {
  std::ifstream in(Path(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Certificates::Certificates() {
  char pattern[] = "/tmp/medbrief-certs.XXXXXX";
  const char* made = mkdtemp(pattern);
  if (made == nullptr) return;
  dir_ = made;
  std::ofstream(Path("make.sh")) << "set -e\ncd " << dir_ << "\nexec >openssl.log 2>&1\n"
                                 << R"(ec='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 1 -subj /CN=medbrief-test-ca
for who in server client; do
  openssl req $ec -keyout $who.key -out $who.csr -subj /CN=medbrief-$who
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > $who.ext
  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out $who.pem -extfile $who.ext
done
)";
  ok_ = std::system(("bash " + Path("make.sh")).c_str()) == 0;
}

}  // namespace medbrief::testing
