// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// RunPmForTest.

#include "cli/run_pm.h"

#include <sstream>
#include <utility>

#include "cli/app.h"
#include "cli/output.h"

namespace pm::cli::testing {

PmResult RunPmForTest(const std::vector<std::string>& args,
                      std::shared_ptr<FakeTables> tables,
                      std::optional<size_t> width) {
  std::vector<const char*> argv = {"pm"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err, width};
  PmResult result;
  result.exit_code = RunPm(static_cast<int>(argv.size()), argv.data(),
                           FakeBackendFactory(std::move(tables)), output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace pm::cli::testing
