// A small JSON value with a strict parser and a deterministic writer. Used for run configs, metrics lines
// and golden files. Kept in-house so that engine/ and pretext-cli build where only LibTorch is installed.
// Objects keep insertion order so that written configs read in a sensible order.
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
    Value(double d) : m_type(Type::Number), m_number(d) {}
    Value(int i) : m_type(Type::Number), m_number(i) {}
    Value(int64_t i) : m_type(Type::Number), m_number(static_cast<double>(i)) {}
    Value(uint64_t i) : m_type(Type::Number), m_number(static_cast<double>(i)) {}
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
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }
    static const char *typeName(Type t);

    // Typed access; throws std::runtime_error naming the expected and the actual type.
    bool asBool() const;
    double asNumber() const;
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
    void detach();
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    std::string m_string;
    std::shared_ptr<Array> m_array;
    std::shared_ptr<Object> m_object;
};

// Parses text; on error throws std::runtime_error "SOURCE:LINE:COL: what was expected".
Value parse(std::string_view text, const std::string &source = "<json>");
// Reads and parses a file; errors name the file.
Value parseFile(const std::string &path);
// Writes compact JSON (indent < 0) or pretty JSON with the given indent. Numbers round-trip exactly.
std::string dump(const Value &v, int indent = -1);

} // namespace pretext::engine::json
