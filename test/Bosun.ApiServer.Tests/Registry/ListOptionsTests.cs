using Bosun.Api.Errors;
using Bosun.ApiServer.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bosun.ApiServer.Tests.Registry;

public class ListOptionsTests
{
    private static ListOptions Parse(params (string Key, string Value)[] query) =>
        ListOptions.Parse(new QueryCollection(query.ToDictionary(q => q.Key, q => new StringValues(q.Value))));

    [Fact]
    public void Parse_NoResourceVersion_IsConsistentRead()
    {
        Assert.Null(Parse().Revision);
        Assert.Null(Parse(("resourceVersion", "")).Revision);
    }

    [Fact]
    public void Parse_SelectorsAndPaging_AreRead()
    {
        var options = Parse(("labelSelector", "app=web"), ("fieldSelector", "metadata.name=x"), ("limit", "10"), ("resourceVersion", "5"));

        Assert.False(options.Labels.IsEmpty);
        Assert.Equal(["metadata.name"], options.Fields.Fields);
        Assert.Equal(10, options.Limit);
        Assert.Equal(5, options.Revision);
    }

    [Theory]
    [InlineData("resourceVersionMatch", "Exact")]
    [InlineData("resourceVersion", "abc")]
    [InlineData("limit", "x")]
    [InlineData("labelSelector", "a in b")]
    [InlineData("sendInitialEvents", "true")]
    public void Parse_BadCombination_IsBadRequest(string key, string value)
    {
        var error = Assert.Throws<ApiException>(() => Parse((key, value)));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void Parse_ExactWithZero_IsBadRequest()
    {
        Assert.Throws<ApiException>(() => Parse(("resourceVersion", "0"), ("resourceVersionMatch", "Exact")));
    }

    [Fact]
    public void Parse_SendInitialEventsWithoutBookmarks_IsBadRequest()
    {
        Assert.Throws<ApiException>(() => Parse(("watch", "1"), ("sendInitialEvents", "true"), ("resourceVersionMatch", "NotOlderThan"), ("resourceVersion", "")));
    }

    [Fact]
    public void Parse_SendInitialEventsWithBookmarks_IsAccepted()
    {
        var options = Parse(("watch", "1"), ("sendInitialEvents", "true"), ("resourceVersionMatch", "NotOlderThan"), ("resourceVersion", "0"), ("allowWatchBookmarks", "true"));

        Assert.True(options.SendInitialEvents);
    }

    [Fact]
    public void Parse_WatchListWithUnsetResourceVersion_IsAccepted()
    {
        var options = Parse(("watch", "1"), ("sendInitialEvents", "true"), ("resourceVersionMatch", "NotOlderThan"), ("resourceVersion", ""), ("allowWatchBookmarks", "true"));

        Assert.Null(options.Revision);
        Assert.True(options.SendInitialEvents);
    }

    [Fact]
    public void Parse_ListMatchWithoutResourceVersion_IsBadRequest()
    {
        Assert.Throws<ApiException>(() => Parse(("resourceVersionMatch", "NotOlderThan")));
    }

    [Fact]
    public void Parse_SendInitialEventsFalseWithoutNotOlderThan_IsBadRequest()
    {
        Assert.Throws<ApiException>(() => Parse(("watch", "1"), ("sendInitialEvents", "false")));
    }
}
