// Small helpers for filling wire objects.
using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;

namespace CtipsFixture
{
    public static class Wire
    {
        // Sets a public field if the type has it (used for the members all call events share).
        public static void Set(object target, string field, object value)
        {
            var f = target.GetType().GetField(field, BindingFlags.Public | BindingFlags.Instance);
            if (f != null)
                f.SetValue(target, Convert.ChangeType(value, f.FieldType));
        }

        // Every IsRequired member must be on the wire with a value: a null string becomes "",
        // a null array an empty one, a null data contract an instance with its own members
        // filled the same way. Enums and numbers are already 0 where the model has no data
        // (EDK 4-2 "Event Header": "If the data is not present, the fields are set to 0").
        public static void FillRequired(object target)
        {
            foreach (var f in target.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!f.IsDefined(typeof(DataMemberAttribute), true))
                    continue;
                var t = f.FieldType;
                var value = f.GetValue(target);
                if (value == null)
                {
                    if (t == typeof(string))
                        f.SetValue(target, "");
                    else if (t.IsArray)
                        f.SetValue(target, Array.CreateInstance(t.GetElementType(), 0));
                    else if (t.IsDefined(typeof(DataContractAttribute), false) && t.IsClass)
                        f.SetValue(target, value = Activator.CreateInstance(t));
                }
                if (value != null && t.IsClass && t != typeof(string) && !t.IsArray)
                    FillRequired(value);
                else if (value is object[])
                    foreach (var item in ((object[])value).Where(i => i != null && !(i is string)))
                        FillRequired(item);
            }
        }
    }
}
