#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace gongkai {

// The result of an asynchronous operation: a value or the exception that ended it.
// value() rethrows, so the receiver handles both paths with one try/catch.
template <class T>
class Outcome {
public:
    Outcome(T value) : value_(std::move(value)) {}
    Outcome(std::exception_ptr error) : error_(std::move(error)) {}

    bool ok() const { return !error_; }
    T& value() {
        if (error_) {
            std::rethrow_exception(error_);
        }
        return *value_;
    }
    const std::exception_ptr& error() const { return error_; }

private:
    std::optional<T> value_;
    std::exception_ptr error_;
};

template <class T>
using Completion = std::function<void(Outcome<T>)>;

}  // namespace gongkai
