package build

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"text/template"
)

// MaxStackName is CloudFormation's limit on a stack name.
const MaxStackName = 128

var stackNamePattern = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)

// ValidStackName reports whether CloudFormation accepts name.
func ValidStackName(name string) bool {
	return len(name) <= MaxStackName && stackNamePattern.MatchString(name)
}

// NameData is what a stack-name template may use.
type NameData struct {
	Env, Role, Branch string
}

// StackName renders the config's stack-name template for a branch ("" for
// none). Env and Role keep their case, with other characters turned into
// hyphens ("Sample Env" → "Sample-Env"); Branch is sanitised to the name
// rules first, and a name that ends up too long is shortened with a hash
// suffix of the whole, so two branches never share a stack.
func (c *Config) StackName(branch string) (string, error) {
	tmpl, err := template.New("stack").Option("missingkey=error").Parse(c.Stack)
	if err != nil {
		return "", c.errorAt("stack", "stack name template: %s", strings.TrimPrefix(err.Error(), "template: stack:"))
	}
	var b strings.Builder
	data := NameData{Env: nameSafe(c.Env), Role: nameSafe(c.Role), Branch: SanitizeName(branch)}
	if err := tmpl.Execute(&b, data); err != nil {
		return "", c.errorAt("stack", "stack name template: %s", strings.TrimPrefix(err.Error(), "template: stack:"))
	}
	name := b.String()
	if strings.Contains(c.Stack, ".Branch") && branch != "" {
		name = Shorten(strings.Trim(name, "-"), MaxStackName, branch)
	}
	if !ValidStackName(name) {
		return "", c.errorAt("stack", "stack name %q: want a letter, then letters, digits and hyphens, at most %d", name, MaxStackName)
	}
	return name, nil
}

var (
	nonName      = regexp.MustCompile(`[^a-z0-9]+`)
	nonNameCased = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

func nameSafe(s string) string { return strings.Trim(nonNameCased.ReplaceAllString(s, "-"), "-") }

// SanitizeName lower-cases s and turns every run of other characters into
// one hyphen ("feature/Login_Page" → "feature-login-page").
func SanitizeName(s string) string {
	return strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// Shorten cuts name to limit, ending it with "-" and 8 hex digits of a hash
// of key (the raw input), when it is longer.
func Shorten(name string, limit int, key string) string {
	if len(name) <= limit {
		return name
	}
	sum := sha256.Sum256([]byte(key))
	suffix := "-" + hex.EncodeToString(sum[:4])
	return strings.TrimRight(name[:limit-len(suffix)], "-") + suffix
}
