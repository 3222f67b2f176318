// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the Unix socket request/reply channel.

#include "platform_posix/unix_socket_channel.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pm::posix {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(60);

class UnixSocketChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pm-ch-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    unlink(Path().c_str());
    unlink((dir_ + "/file").c_str());
    rmdir(dir_.c_str());
  }
  std::string Path() const { return dir_ + "/s.sock"; }

  std::string dir_;
};

TEST_F(UnixSocketChannelTest, RequestAndReplyRoundTrip) {
  absl::StatusOr<std::unique_ptr<ChannelListener>> listener =
      ListenUnixSocket(Path(), [](const std::string& request) {
        return absl::StrCat("got ", request.size(), " bytes: ", request);
      });
  ASSERT_TRUE(listener.ok()) << listener.status();
  struct stat st;
  ASSERT_EQ(lstat(Path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  for (const std::string& request :
       {std::string("hi"), std::string(), std::string(200000, 'z')}) {
    absl::StatusOr<std::string> reply =
        CallUnixSocket(Path(), request, kTimeout);
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(*reply,
              absl::StrCat("got ", request.size(), " bytes: ", request));
  }
  listener->reset();
  EXPECT_NE(lstat(Path().c_str(), &st), 0);  // Removed with the listener.
}

TEST_F(UnixSocketChannelTest, NothingThereIsNotFound) {
  EXPECT_EQ(CallUnixSocket(Path(), "x", kTimeout).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(UnixSocketChannelTest, LeftoverSocketIsUnavailableThenReplaced) {
  // A socket file whose listener is gone, as a killed first instance leaves.
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, Path().c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  close(fd);
  EXPECT_EQ(CallUnixSocket(Path(), "x", kTimeout).status().code(),
            absl::StatusCode::kUnavailable);
  absl::StatusOr<std::unique_ptr<ChannelListener>> listener =
      ListenUnixSocket(Path(), [](const std::string&) { return "fresh"; });
  ASSERT_TRUE(listener.ok()) << listener.status();
  EXPECT_EQ(*CallUnixSocket(Path(), "x", kTimeout), "fresh");
}

TEST_F(UnixSocketChannelTest, RefusesToReplaceAFileAndTooLongPaths) {
  const std::string file = dir_ + "/file";
  ASSERT_EQ(close(creat(file.c_str(), 0600)), 0);
  EXPECT_EQ(ListenUnixSocket(file, [](const std::string&) { return ""; })
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  const std::string long_path = dir_ + "/" + std::string(200, 'a');
  EXPECT_EQ(ListenUnixSocket(long_path, [](const std::string&) { return ""; })
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(UnixSocketChannelTest, SlowHandlerHitsTheCallersDeadline) {
  absl::StatusOr<std::unique_ptr<ChannelListener>> listener =
      ListenUnixSocket(Path(), [](const std::string&) {
        absl::SleepFor(absl::Milliseconds(300));
        return std::string("late");
      });
  ASSERT_TRUE(listener.ok()) << listener.status();
  EXPECT_EQ(CallUnixSocket(Path(), "x", absl::Milliseconds(20)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace pm::posix
