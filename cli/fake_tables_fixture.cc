// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// MakeMachine.

#include "cli/fake_tables_fixture.h"

#include "cli/test_sockets.h"

namespace pm::cli::testing {
namespace {

ProcessInfo Process(Pid pid, const std::string& name, const std::string& user,
                    std::vector<std::string> cmdline) {
  ProcessInfo info = MakeProcess(pid, name, std::move(cmdline));
  info.user = user;
  return info;
}

}  // namespace

std::shared_ptr<FakeTables> MakeMachine() {
  auto tables = std::make_shared<FakeTables>();
  tables->sockets = {
      MakeSocket(Protocol::kUdp, "0.0.0.0", 53, SocketState::kUnconnected,
                 {300}),
      MakeSocket(Protocol::kTcp, "10.0.0.1", 22, SocketState::kEstablished,
                 {100}),
      MakeSocket(Protocol::kTcp, "::", 80, SocketState::kListen, {200, 201}),
      MakeSocket(Protocol::kTcp, "127.0.0.1", 9000, SocketState::kTimeWait, {},
                 OwnerVisibility::kNoOwner),
      MakeSocket(Protocol::kTcp, "0.0.0.0", 22, SocketState::kListen, {100}),
      MakeSocket(Protocol::kUdp, "::1", 5353, SocketState::kUnconnected, {},
                 OwnerVisibility::kNotVisible),
  };
  tables->sockets[1].remote = {*IpAddress::Parse("10.0.0.2"), 50000};
  tables->sockets[3].remote = {*IpAddress::Parse("127.0.0.1"), 40000};
  tables->processes = {
      {100, Process(100, "sshd", "root", {"/usr/sbin/sshd", "-D"})},
      {200, Process(200, "nginx", "www-data", {"nginx: master process"})},
      {201, Process(201, "nginx", "www-data", {"nginx: worker process"})},
      {300, Process(300, "dnsmasq", "nobody", {"dnsmasq", "-k"})},
  };
  return tables;
}

}  // namespace pm::cli::testing
