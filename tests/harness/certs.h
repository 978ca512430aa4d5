#pragma once

// Certificates made at test time by openssl, once per test binary: a CA
// (ca.pem), a server certificate for 127.0.0.1 and localhost (server.pem,
// server.key) and a client certificate (client.pem, client.key) for mutual
// TLS. Nothing is committed; the folder is left in /tmp for inspection.

#include <string>

namespace medbrief::testing {

class Certificates {
 public:
  static const Certificates& Get();

  // The folder holding the files; openssl's output is in openssl.log there.
  const std::string& dir() const { return dir_; }
  bool ok() const { return ok_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // The content of one of the files.
  std::string Read(const std::string& name) const;

 private:
  Certificates();

  std::string dir_;
  bool ok_ = false;
};

}  // namespace medbrief::testing
