// A small JSON value with a strict parser and a deterministic writer. Used for run configs, metrics lines
// and golden files. Parsing is nlohmann/json's (engine/io/json.cpp only: this header is included widely and stays
// light); the writer is ours, for the layout configs and goldens have (scalar arrays on one line).
// Objects keep insertion order so that written configs read in a sensible order.
// Numbers: a double, and the exact int64 when the number is an integer that int64 holds, so that a seed or a count
// past 2^53 is neither rounded nor echoed rounded.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pretext::engine::json {

class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<Value>;
    using Object = std::vector<std::pair<std::string, Value>>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : m_type(Type::Bool), m_bool(b) {}
    Value(double d); // an integer (isInteger()) when d is integral and within int64
    Value(int i) : Value(static_cast<int64_t>(i)) {}
    Value(int64_t i) : m_type(Type::Number), m_number(static_cast<double>(i)), m_integer(i), m_isInteger(true) {}
    Value(uint64_t i); // past INT64_MAX: a double only
    Value(const char *s) : m_type(Type::String), m_string(s) {}
    Value(std::string s) : m_type(Type::String), m_string(std::move(s)) {}
    Value(Array a) : m_type(Type::Array), m_array(std::make_shared<Array>(std::move(a))) {}
    Value(Object o) : m_type(Type::Object), m_object(std::make_shared<Object>(std::move(o))) {}

    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    // A number that is an integer int64 holds exactly: 3, -7, 9007199254740993, 1e3, 2.0 (not 2.5, not 1e30).
    bool isInteger() const { return m_type == Type::Number && m_isInteger; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }
    static const char *typeName(Type t);

    // Typed access; throws std::runtime_error naming the expected and the actual type.
    bool asBool() const;
    double asNumber() const;
    // The exact integer; throws std::runtime_error unless isInteger() ("expected an integer, found 2.5").
    int64_t asInt64() const;
    // A number as the parsed text wrote it, when that text has a fraction or an exponent or is past int64 ("1e10",
    // "0.50", "18446744073709551616"); empty for plain integers and for numbers made in code. Messages echo a number
    // that is not an integer with it, so that they name what the user wrote rather than a rounded double.
    const std::string &numberText() const;
    const std::string &asString() const;
    const Array &asArray() const;
    Array &asArray();
    const Object &asObject() const;
    Object &asObject();

    // Object access. find() returns nullptr when absent; operator[] inserts (turning null into an object).
    const Value *find(std::string_view key) const;
    Value &operator[](std::string_view key);
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    void push_back(Value v);
    size_t size() const;

private:
    friend class Builder;
    void detach();
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    int64_t m_integer = 0;
    bool m_isInteger = false;
    std::string m_string; // String: the text; Number: numberText()
    std::shared_ptr<Array> m_array;
    std::shared_ptr<Object> m_object;
};

// Parses text (UTF-8, a leading byte-order mark allowed); on error throws std::runtime_error
// "SOURCE:LINE:COL: what was expected" (line and column count from 1, the column in bytes). A duplicate key in an
// object is an error.
Value parse(std::string_view text, const std::string &source = "<json>");
// Reads and parses a file; errors name the file.
Value parseFile(const std::string &path);
// Writes compact JSON (indent < 0) or pretty JSON with the given indent. Numbers round-trip exactly.
std::string dump(const Value &v, int indent = -1);

} // namespace pretext::engine::json
