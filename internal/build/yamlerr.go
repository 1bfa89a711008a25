package build

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError turns yaml.v3's errors into one line naming file:line.
func yamlError(name string, err error) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	first := strings.TrimPrefix(msgs[0], "yaml: unmarshal errors:\n")
	first = strings.TrimSpace(strings.SplitN(first, "\n", 2)[0])
	e := &ConfigError{File: name, Msg: first}
	if m := yamlLine.FindStringSubmatch(first); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	e.Msg = friendlyYAML(e.Msg)
	if len(msgs) > 1 {
		e.Msg += fmt.Sprintf(" (and %d more)", len(msgs)-1)
	}
	return e
}

var (
	unknownField = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
	wrongType    = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
)

func friendlyYAML(msg string) string {
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown key %q", m[1])
	}
	if m := wrongType.FindStringSubmatch(msg); m != nil {
		want := m[3]
		switch {
		case strings.HasPrefix(want, "map["), strings.HasPrefix(want, "build."):
			want = "a mapping"
		case strings.HasPrefix(want, "[]"):
			want = "a list"
		case want == "int":
			want = "a whole number"
		case want == "bool":
			want = "true or false"
		case want == "string":
			want = "a string"
		}
		return fmt.Sprintf("%s %q is not %s", kindName(m[1]), m[2], want)
	}
	return msg
}

func kindName(tag string) string {
	switch tag {
	case "str":
		return "string"
	case "seq":
		return "list"
	case "map":
		return "mapping"
	}
	return tag
}
