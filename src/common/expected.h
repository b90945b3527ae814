#pragma once
// The one way a function here reports a failure the caller is expected to handle (a file that
// cannot be read, an input that is not an image, a download that failed): it returns
// Expected<T>, a value or the problem as one sentence a user can act on. Exceptions are kept for
// what no caller can handle locally: broken invariants (std::logic_error), a start-up that cannot
// go on (schemas, state folder), and the protocol layer's RpcError. PixVerse calls return
// pixverse::Outcome, which is this pattern plus the request's trace id and attempt count.
//
// The interface is the subset of C++23's std::expected the code uses (has_value, value, error,
// operator bool, * and ->), so moving to the standard type later is a rename.
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace common {

// The problem half of an Expected, spelled at the return site: `return Unexpected{"why"};`.
template <class E = std::string>
struct Unexpected {
  E error;
};
// clang-format 14 would write the guides as "Unexpected(E)->Unexpected<E>".
// clang-format off
template <class E>
Unexpected(E) -> Unexpected<E>;
Unexpected(const char*) -> Unexpected<std::string>;
// clang-format on

template <class T, class E = std::string>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <class G>
  Expected(Unexpected<G> problem) : state_(std::in_place_index<1>, E(std::move(problem.error))) {}  // NOLINT

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  // The value; std::logic_error when there is none (a caller that did not check).
  T& value() & { return std::get<0>(checked()); }
  const T& value() const& { return std::get<0>(checked()); }
  T&& value() && { return std::get<0>(std::move(checked())); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The problem; std::logic_error when there is a value.
  const E& error() const {
    if (has_value()) throw std::logic_error("Expected::error() called on a value");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E>& checked() {
    if (!has_value()) throw std::logic_error("Expected::value() called on an error: " + describe());
    return state_;
  }
  const std::variant<T, E>& checked() const {
    if (!has_value()) throw std::logic_error("Expected::value() called on an error: " + describe());
    return state_;
  }
  std::string describe() const {
    if constexpr (std::is_convertible_v<const E&, std::string>) return std::string(std::get<1>(state_));
    else return "(not text)";
  }

  std::variant<T, E> state_;
};

}  // namespace common
