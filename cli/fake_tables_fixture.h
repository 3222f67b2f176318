// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The machine the command tests run pm on: a few sockets in several states and
// the processes that hold them.

#ifndef PM_CLI_FAKE_TABLES_FIXTURE_H_
#define PM_CLI_FAKE_TABLES_FIXTURE_H_

#include <memory>

#include "cli/fake_backend.h"

namespace pm::cli::testing {

// Sockets (deliberately unsorted):
//   udp  0.0.0.0:53        UNCONN       pid 300 dnsmasq (nobody)
//   tcp  10.0.0.1:22       ESTABLISHED  pid 100 sshd (root),
//   remote 10.0.0.2:50000 tcp6 [::]:80           LISTEN       pids 200, 201
//   nginx (www-data) tcp  127.0.0.1:9000    TIME_WAIT    no owner, remote
//   127.0.0.1:40000 tcp  0.0.0.0:22        LISTEN       pid 100 sshd (root)
//   udp6 [::1]:5353        UNCONN       not visible, uid 1000
std::shared_ptr<FakeTables> MakeMachine();

}  // namespace pm::cli::testing

#endif  // PM_CLI_FAKE_TABLES_FIXTURE_H_
