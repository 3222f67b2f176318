// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for FallbackSocketSource with scripted sources.

#include "platform_linux/fallback_socket_source.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

// Answers each call with the next scripted result and counts calls.
class ScriptedSource : public SocketSource {
 public:
  ScriptedSource(std::string name, absl::StatusOr<std::vector<Socket>> answer,
                 int* calls)
      : name_(std::move(name)), answer_(std::move(answer)), calls_(calls) {}
  absl::string_view name() const override { return name_; }
  absl::StatusOr<std::vector<Socket>> List(const SocketQuery&) override {
    ++*calls_;
    return answer_;
  }

 private:
  std::string name_;
  absl::StatusOr<std::vector<Socket>> answer_;
  int* calls_;
};

std::vector<Socket> OneSocket(uint16_t port) {
  Socket s;
  s.local.port = port;
  return {s};
}

TEST(FallbackSocketSourceTest, UsesPrimaryWhenItAnswers) {
  int primary_calls = 0, fallback_calls = 0;
  FallbackSocketSource source(std::make_unique<ScriptedSource>(
                                  "netlink", OneSocket(80), &primary_calls),
                              std::make_unique<ScriptedSource>(
                                  "procfs", OneSocket(81), &fallback_calls));
  absl::StatusOr<std::vector<Socket>> got = source.List(SocketQuery());
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].local.port, 80);
  EXPECT_EQ(source.name(), "netlink");
  EXPECT_EQ(primary_calls, 1);
  EXPECT_EQ(fallback_calls, 0);
}

TEST(FallbackSocketSourceTest, FallsBackForGoodWhenPrimaryIsRefused) {
  int primary_calls = 0, fallback_calls = 0;
  FallbackSocketSource source(
      std::make_unique<ScriptedSource>(
          "netlink", absl::PermissionDeniedError("socket(AF_NETLINK): EPERM"),
          &primary_calls),
      std::make_unique<ScriptedSource>("procfs", OneSocket(81),
                                       &fallback_calls));
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::vector<Socket>> got = source.List(SocketQuery());
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ((*got)[0].local.port, 81);
  }
  EXPECT_EQ(source.name(), "procfs");
  EXPECT_EQ(primary_calls, 1);  // Not asked again after refusing.
  EXPECT_EQ(fallback_calls, 2);
}

TEST(FallbackSocketSourceTest, UnimplementedAlsoFallsBack) {
  int primary_calls = 0, fallback_calls = 0;
  FallbackSocketSource source(
      std::make_unique<ScriptedSource>(
          "netlink", absl::UnimplementedError("udp_diag missing"),
          &primary_calls),
      std::make_unique<ScriptedSource>("procfs", OneSocket(53),
                                       &fallback_calls));
  absl::StatusOr<std::vector<Socket>> got = source.List(SocketQuery());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)[0].local.port, 53);
}

TEST(FallbackSocketSourceTest, RealFailuresAreNotHidden) {
  int primary_calls = 0, fallback_calls = 0;
  FallbackSocketSource source(
      std::make_unique<ScriptedSource>(
          "netlink", absl::InternalError("recvmsg: EIO"), &primary_calls),
      std::make_unique<ScriptedSource>("procfs", OneSocket(81),
                                       &fallback_calls));
  absl::StatusOr<std::vector<Socket>> got = source.List(SocketQuery());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(got.status().message(), "recvmsg: EIO");
  EXPECT_EQ(fallback_calls, 0);
}

TEST(FallbackSocketSourceTest, NullPrimaryUsesFallback) {
  int fallback_calls = 0;
  FallbackSocketSource source(
      nullptr, std::make_unique<ScriptedSource>("procfs", OneSocket(81),
                                                &fallback_calls));
  EXPECT_EQ(source.name(), "procfs");
  absl::StatusOr<std::vector<Socket>> got = source.List(SocketQuery());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(fallback_calls, 1);
}

}  // namespace
}  // namespace pm::procfs
