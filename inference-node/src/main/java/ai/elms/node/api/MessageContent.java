package ai.elms.node.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A message's content: OpenAI accepts a string or an array of content parts; only text
 * parts make sense to a text model, and they are joined by new lines.
 *
 * @param text the content as one string
 */
@JsonDeserialize(using = MessageContent.Reader.class)
record MessageContent(String text) {

	static final class Reader extends ValueDeserializer<MessageContent> {

		@Override
		public MessageContent deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() == JsonToken.VALUE_STRING) {
				return new MessageContent(parser.getString());
			}
			if (parser.currentToken() != JsonToken.START_ARRAY) {
				return context.reportInputMismatch(MessageContent.class, "must be a string or an array of text parts");
			}
			List<String> texts = new ArrayList<>();
			for (JsonNode part : context.readTree(parser)) {
				JsonNode text = part.path("text");
				if (!"text".equals(part.path("type").stringValue(null)) || !text.isString()) {
					return context.reportInputMismatch(MessageContent.class,
							"must be a string or an array of text parts ({\"type\": \"text\", \"text\": ...}); other parts are not supported");
				}
				texts.add(text.stringValue());
			}
			return new MessageContent(String.join("\n", texts));
		}

	}

}
