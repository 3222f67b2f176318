// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Exact --json output for constructed sockets.

#include "cli/json_output.h"

#include "cli/test_sockets.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeProcess;
using ::pm::cli::testing::MakeSocket;

TEST(JsonOutputTest, ListeningSocketWithOneOwner) {
  OwnedSocket owned;
  owned.socket =
      MakeSocket(Protocol::kTcp, "127.0.0.1", 8080, SocketState::kListen, {42});
  owned.processes.push_back(
      MakeProcess(42, "python3", {"python3", "-m", "http.server", "8080"}));
  EXPECT_EQ(DumpJson(SocketsDocument({owned})), R"({
  "sockets": [
    {
      "protocol": "tcp",
      "family": "ipv4",
      "local": {
        "address": "127.0.0.1",
        "port": 8080
      },
      "remote": {
        "address": "0.0.0.0",
        "port": 0
      },
      "state": "LISTEN",
      "uid": 1000,
      "inode": 13080,
      "owner_visibility": "visible",
      "owners_partial": false,
      "owners": [
        {
          "pid": 42,
          "ppid": 1,
          "name": "python3",
          "user": "alice",
          "uid": 1000,
          "exe": "/usr/bin/python3",
          "cmdline": [
            "python3",
            "-m",
            "http.server",
            "8080"
          ],
          "start_time": "2026-01-01T00:00:00Z",
          "details_visible": true
        }
      ]
    }
  ]
}
)");
}

TEST(JsonOutputTest, NotVisibleIpv6SocketHasNoOwnersAndNullUnknowns) {
  OwnedSocket owned;
  owned.socket =
      MakeSocket(Protocol::kUdp, "::1", 53, SocketState::kUnconnected, {},
                 OwnerVisibility::kNotVisible);
  owned.socket.uid.reset();
  owned.socket.inode = 0;
  EXPECT_EQ(SocketJson(owned).dump(),
            R"({"protocol":"udp","family":"ipv6",)"
            R"("local":{"address":"::1","port":53},)"
            R"("remote":{"address":"::","port":0},"state":"UNCONN",)"
            R"("uid":null,"inode":null,"owner_visibility":"not_visible",)"
            R"("owners_partial":false,"owners":[]})");
}

TEST(JsonOutputTest, AFirstOwnerAnswerSaysItMayBePartial) {
  OwnedSocket owned;
  owned.socket =
      MakeSocket(Protocol::kTcp, "0.0.0.0", 80, SocketState::kListen, {7});
  owned.socket.owners_partial = true;
  Json json = SocketJson(owned);
  EXPECT_EQ(json["owners_partial"], true);
  EXPECT_EQ(json["owner_visibility"], "visible");
  EXPECT_EQ(json["owners"].size(), 1u);
}

TEST(JsonOutputTest, ExitedAndUnreadableOwners) {
  OwnedSocket owned;
  owned.socket =
      MakeSocket(Protocol::kTcp, "0.0.0.0", 80, SocketState::kListen, {7, 9});
  ProcessInfo partial;
  partial.pid = 9;
  partial.details_visible = false;
  owned.processes.push_back(partial);  // 7 exited: no ProcessInfo.
  Json json = SocketJson(owned);
  EXPECT_EQ(json["owners"].dump(),
            R"([{"pid":7,"ppid":null,"name":null,"user":null,"uid":null,)"
            R"("exe":null,"cmdline":null,"start_time":null,)"
            R"("details_visible":false},)"
            R"({"pid":9,"ppid":0,"name":null,"user":null,"uid":null,)"
            R"("exe":null,"cmdline":[],"start_time":null,)"
            R"("details_visible":false}])");
}

TEST(JsonOutputTest, WhoDocumentEntry) {
  EXPECT_EQ(PortJson(8080, {}).dump(), R"({"port":8080,"sockets":[]})");
}

TEST(JsonOutputTest, InvalidUtf8InArgvIsReplacedNotFatal) {
  ProcessInfo info = MakeProcess(5, "x", {"bad\xff"});
  Json json = ProcessJson(info);
  EXPECT_EQ(DumpJson(json["cmdline"]), "[\n  \"bad\xef\xbf\xbd\"\n]\n");
}

TEST(FormatRfc3339Test, UtcWithTheFractionNeeded) {
  EXPECT_EQ(FormatRfc3339(absl::FromUnixSeconds(1767225600)),
            "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(absl::FromUnixMillis(1767225600250)),
            "2026-01-01T00:00:00.25Z");
}

}  // namespace
}  // namespace pm::cli
