// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Runs the shared backend conformance suite against the Windows backend.

#include "core/backend.h"
#include "core/conformance/backend_conformance_test.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

INSTANTIATE_TEST_SUITE_P(Windows, BackendConformanceTest,
                         ::testing::Values(BackendParam{
                             "iphlpapi",
                             [] { return pm::CreateDefaultBackend(); }}),
                         NameFromParam);

}  // namespace
}  // namespace pm::conformance
