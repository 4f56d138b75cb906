// The guide's JavaScript example, verbatim (Client Integration > Javascript).
// LocalStackIT substitutes only the URL and the token, then runs the guide's own commented usage lines.
// JavaScript Example (Browser/Node.js)
async function callBedrockAPI(prompt) {
  const apiEndpoint = 'https://your-api-gateway-url/prod/bedrock';
  const authToken = 'your-customer-token-here';
  
  const response = await fetch(apiEndpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Authorization': `Bearer ${authToken}`
    },
    body: JSON.stringify({
      // Required: specify which model to use
      modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
      
      // Claude-specific parameters
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 1000,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: prompt
            }
          ]
        }
      ]
    })
  });
  
  if (!response.ok) {
    throw new Error(`API request failed: ${response.status}`);
  }
  
  return await response.json();
}

// Example usage
// callBedrockAPI("What is the capital of France?")
//   .then(result => console.log(result))
//   .catch(error => console.error(error));
