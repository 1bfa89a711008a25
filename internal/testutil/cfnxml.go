package testutil

import (
	"bytes"
	"encoding/xml"
	"time"
)

// The CloudFormation query protocol's XML, as much of it as stackctl reads.

const cfnNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

// Stack is a DescribeStacks member.
type Stack struct {
	StackName                   string     `xml:"StackName"`
	StackId                     string     `xml:"StackId"`
	StackStatus                 string     `xml:"StackStatus"`
	StackStatusReason           string     `xml:"StackStatusReason,omitempty"`
	CreationTime                time.Time  `xml:"CreationTime"`
	LastUpdatedTime             *time.Time `xml:"LastUpdatedTime,omitempty"`
	EnableTerminationProtection bool       `xml:"EnableTerminationProtection"`
	Outputs                     []Output   `xml:"Outputs>member"`
}

// Output is a stack output.
type Output struct {
	OutputKey   string `xml:"OutputKey"`
	OutputValue string `xml:"OutputValue"`
	Description string `xml:"Description,omitempty"`
}

// Event is a DescribeStackEvents member. A ClientRequestToken of "$TOKEN"
// is replaced by the last token the endpoint received.
type Event struct {
	EventId              string    `xml:"EventId"`
	StackId              string    `xml:"StackId"`
	StackName            string    `xml:"StackName"`
	LogicalResourceId    string    `xml:"LogicalResourceId"`
	PhysicalResourceId   string    `xml:"PhysicalResourceId,omitempty"`
	ResourceType         string    `xml:"ResourceType"`
	Timestamp            time.Time `xml:"Timestamp"`
	ResourceStatus       string    `xml:"ResourceStatus"`
	ResourceStatusReason string    `xml:"ResourceStatusReason,omitempty"`
	ClientRequestToken   string    `xml:"ClientRequestToken,omitempty"`
}

// ChangeSet is a DescribeChangeSet result.
type ChangeSet struct {
	ChangeSetId     string   `xml:"ChangeSetId"`
	ChangeSetName   string   `xml:"ChangeSetName"`
	StackId         string   `xml:"StackId"`
	StackName       string   `xml:"StackName"`
	Status          string   `xml:"Status"`
	StatusReason    string   `xml:"StatusReason,omitempty"`
	ExecutionStatus string   `xml:"ExecutionStatus"`
	Changes         []Change `xml:"Changes>member"`
}

// Change is one resource change of a change set.
type Change struct {
	Type           string         `xml:"Type"`
	ResourceChange ResourceChange `xml:"ResourceChange"`
}

// ResourceChange is what a change does to one resource.
type ResourceChange struct {
	Action            string   `xml:"Action"`
	LogicalResourceId string   `xml:"LogicalResourceId"`
	ResourceType      string   `xml:"ResourceType"`
	Replacement       string   `xml:"Replacement,omitempty"`
	Details           []Detail `xml:"Details>member"`
}

// Detail names one changed attribute.
type Detail struct {
	Attribute          string `xml:"Target>Attribute"`
	Name               string `xml:"Target>Name"`
	RequiresRecreation string `xml:"Target>RequiresRecreation"`
}

// Modify is a ResourceChange of action Modify with the given properties,
// each "Name" or "Name=Always|Conditionally".
func Modify(id, typ, replacement string, props ...Detail) Change {
	return Change{Type: "Resource", ResourceChange: ResourceChange{
		Action: "Modify", LogicalResourceId: id, ResourceType: typ, Replacement: replacement, Details: props,
	}}
}

// Prop is a changed property; recreation is Never, Conditionally or Always.
func Prop(name, recreation string) Detail {
	return Detail{Attribute: "Properties", Name: name, RequiresRecreation: recreation}
}

// element encodes v as an XML element called name.
func element(name string, v any) []byte {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		panic(err) // our own types: a bug, not a runtime condition
	}
	return b.Bytes()
}

// members encodes a list as <name><member>…</member>…</name>.
func members[T any](name string, vs []T) []byte {
	var b bytes.Buffer
	b.WriteString("<" + name + ">")
	for _, v := range vs {
		b.Write(element("member", v))
	}
	b.WriteString("</" + name + ">")
	return b.Bytes()
}

// fields encodes a struct's fields without its own element.
func fields(v any) []byte {
	b := element("x", v)
	return b[len("<x>") : len(b)-len("</x>")]
}

func text(name, v string) []byte {
	var b bytes.Buffer
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(&b, []byte(v))
	b.WriteString("</" + name + ">")
	return b.Bytes()
}

// StackResource is a ListStackResources member.
type StackResource struct {
	LogicalResourceId    string    `xml:"LogicalResourceId"`
	PhysicalResourceId   string    `xml:"PhysicalResourceId,omitempty"`
	ResourceType         string    `xml:"ResourceType"`
	ResourceStatus       string    `xml:"ResourceStatus"`
	ResourceStatusReason string    `xml:"ResourceStatusReason,omitempty"`
	LastUpdatedTimestamp time.Time `xml:"LastUpdatedTimestamp"`
}

type errorEnvelope struct {
	NS        string `xml:"xmlns,attr"`
	Type      string `xml:"Error>Type"`
	Code      string `xml:"Error>Code"`
	Message   string `xml:"Error>Message"`
	RequestID string `xml:"RequestId"`
}
