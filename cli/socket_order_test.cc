// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// DisplayOrder: the exact order SocketDisplayLess gives, key part by key part.

#include "cli/socket_order.h"

#include <algorithm>
#include <vector>

#include "cli/test_sockets.h"
#include "core/find_owners.h"
#include "gtest/gtest.h"

namespace pm::cli {
namespace {

using ::pm::cli::testing::MakeSocket;

Socket With(Socket socket, uint64_t inode, const char* remote = nullptr,
            uint16_t remote_port = 0) {
  socket.inode = inode;
  if (remote != nullptr) {
    socket.remote = Endpoint{*IpAddress::Parse(remote), remote_port};
  }
  return socket;
}

// Sockets that differ in one key part at a time: protocol, family, address,
// port (255 against 256: the high byte decides), state, remote, inode (high
// bytes), and one exact duplicate.
std::vector<Socket> Fixture() {
  const SocketState listen = SocketState::kListen;
  const SocketState established = SocketState::kEstablished;
  return {
      /*0*/ With(MakeSocket(Protocol::kUdp, "127.0.0.1", 53,
                            SocketState::kUnconnected, {}),
                 5),
      /*1*/ With(MakeSocket(Protocol::kTcp, "127.0.0.1", 256, listen, {}), 1),
      /*2*/ With(MakeSocket(Protocol::kTcp, "127.0.0.1", 255, listen, {}), 2),
      /*3*/ With(MakeSocket(Protocol::kTcp, "::1", 80, listen, {}), 3),
      /*4*/ With(MakeSocket(Protocol::kTcp, "10.0.0.1", 80, listen, {}), 4),
      /*5*/
      With(MakeSocket(Protocol::kTcp, "127.0.0.1", 256, established, {}), 6,
           "127.0.0.1", 40000),
      /*6*/
      With(MakeSocket(Protocol::kTcp, "127.0.0.1", 256, established, {}), 7,
           "127.0.0.1", 39999),
      /*7*/
      With(MakeSocket(Protocol::kTcp, "127.0.0.1", 256, established, {}), 256,
           "127.0.0.1", 39999),
      /*8*/
      With(MakeSocket(Protocol::kTcp, "127.0.0.1", 256, established, {}),
           uint64_t{1} << 56, "127.0.0.1", 39999),
      /*9*/ With(MakeSocket(Protocol::kTcp, "127.0.0.1", 255, listen, {}), 2),
      /*10*/
      With(MakeSocket(Protocol::kUdp, "::ffff:127.0.0.1", 53,
                      SocketState::kUnconnected, {}),
           10),
      /*11*/
      With(MakeSocket(Protocol::kTcp, "0.0.0.0", 65535, listen, {}), 9),
  };
}

TEST(DisplayOrderTest, OrdersByEveryKeyPartAndKeepsTiesInOrder) {
  EXPECT_EQ(DisplayOrder(Fixture()),
            (std::vector<size_t>{11, 4, 2, 9, 6, 7, 8, 5, 1, 3, 0, 10}));
}

TEST(DisplayOrderTest, AgreesWithSocketDisplayLess) {
  const std::vector<Socket> sockets = Fixture();
  std::vector<size_t> expected(sockets.size());
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  std::stable_sort(expected.begin(), expected.end(), [&](size_t a, size_t b) {
    return SocketDisplayLess(sockets[a], sockets[b]);
  });
  EXPECT_EQ(DisplayOrder(sockets), expected);
}

TEST(DisplayOrderTest, EmptyAndSingle) {
  EXPECT_EQ(DisplayOrder({}), std::vector<size_t>());
  EXPECT_EQ(DisplayOrder({MakeSocket(Protocol::kTcp, "127.0.0.1", 1,
                                     SocketState::kListen, {})}),
            std::vector<size_t>{0});
}

}  // namespace
}  // namespace pm::cli
