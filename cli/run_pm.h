// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// RunPmForTest: runs the pm command line in-process on a FakeBackend and
// captures what it writes.

#ifndef PM_CLI_RUN_PM_H_
#define PM_CLI_RUN_PM_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/fake_backend.h"

namespace pm::cli::testing {

struct PmResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `pm <args...>` (args exclude the program name) against `tables`, with
// tables `width` columns wide (nullopt: no limit).
PmResult RunPmForTest(const std::vector<std::string>& args,
                      std::shared_ptr<FakeTables> tables,
                      std::optional<size_t> width = std::nullopt);

}  // namespace pm::cli::testing

#endif  // PM_CLI_RUN_PM_H_
